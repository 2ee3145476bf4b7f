using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Absence;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Jobs;
using Xunit.Abstractions;

namespace Narvaro.NodeTests;

/// <summary>
/// Two web nodes (two processes of the real app) on one server database and one Hangfire storage, spoken to over real
/// HTTP: a sign-in on one node is valid on the other, a weekly talk logged on one shows on the other, the nightly job
/// enqueued on both runs once, and a node killed in the middle of the night leaves the database consistent while the
/// other node's retry completes the night.
/// </summary>
[TestCaseOrderer(ByOrder.Name, ByOrder.Assembly)]
public sealed partial class TwoNodeTests(NodeCluster cluster, ITestOutputHelper output) : IClassFixture<NodeCluster>
{
    private const string Why = "two app processes share one database, its locks and Hangfire's server storage";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [ServerDatabaseFact(Why)]
    [Order(1)]
    public Task SignInOnNode1_IsValidOnNode2() => WithNodeOutput(async () =>
    {
        await cluster.EnsureRunningAsync();
        output.WriteLine($"Demo seeded ({NodeCluster.DemoPupils} pupils, history to {cluster.HistoryEnd:yyyy-MM-dd}) in {cluster.SeedTime.TotalSeconds:0.0} s; " +
            $"node 1 up in {cluster.Node1.StartTime.TotalSeconds:0.0} s, node 2 in {cluster.Node2.StartTime.TotalSeconds:0.0} s.");
        var login = Mentor();
        var (node1Client, node1Cookies) = Client(cluster.Node1);
        await SignInAsync(node1Client, login.Email);
        var auth = node1Cookies.GetCookies(cluster.Node1.BaseAddress)["Narvaro.Auth"];
        Assert.NotNull(auth);

        // Only the cookie node 1 issued, carried to node 2 by hand.
        var (node2Client, node2Cookies) = Client(cluster.Node2);
        var withoutCookie = await node2Client.GetAsync("/veckosamtal");
        Assert.Equal(HttpStatusCode.Redirect, withoutCookie.StatusCode);
        Assert.Equal("/konto/logga-in", withoutCookie.Headers.Location!.IsAbsoluteUri
            ? withoutCookie.Headers.Location.AbsolutePath : withoutCookie.Headers.Location.OriginalString.Split('?')[0]);

        node2Cookies.Add(cluster.Node2.BaseAddress, new Cookie(auth.Name, auth.Value, "/"));
        var page = await node2Client.GetAsync("/veckosamtal");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"Node 2 answered {page.StatusCode} to node 1's cookie.\n{cluster.Diagnostics()}");
        Assert.Contains("action=\"/konto/logga-ut\"", html, StringComparison.Ordinal);

        // One key ring, in the database, for both nodes.
        await using var db = cluster.Database.CreateContext();
        Assert.True(await db.DataProtectionKeys.AnyAsync(), "No data-protection key in the database.");
    });

    [ServerDatabaseFact(Why)]
    [Order(2)]
    public Task WeeklyTalkLoggedOnNode1_ShowsOnNode2() => WithNodeOutput(async () =>
    {
        await cluster.EnsureRunningAsync();
        var note = $"Samtal loggat via nod 1, {Guid.NewGuid():N}";
        string? week = null;
        int pupilId = 0;
        foreach (var mentor in cluster.Demo.Logins.Where(l => l.Role == StaffRoles.Mentor))
        {
            var (client, _) = Client(cluster.Node1);
            await SignInAsync(client, mentor.Email);
            var list = await client.GetStringAsync("/veckosamtal");
            var form = TalkForm().Match(list);
            if (!form.Success) continue;

            pupilId = int.Parse(form.Groups["pupil"].Value);
            var body = form.Groups["body"].Value;
            week = Attribute(body, "name=\"Vecka\" value=\"");
            var fields = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Token(body),
                ["Vecka"] = week,
                // The first day the form allows: the week's Monday.
                ["HeldOn"] = Attribute(body[body.IndexOf("name=\"HeldOn\"", StringComparison.Ordinal)..], "min=\""),
                ["WithWhom"] = Attribute(body, "name=\"WithWhom\" value=\""),
                ["Note"] = note,
                ["AgreedActions"] = "",
                ["NextFollowUp"] = "",
            };
            var saved = await client.PostAsync($"/veckosamtal/{pupilId}", new FormUrlEncodedContent(fields));
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect,
                $"Saving the talk on node 1: {saved.StatusCode}\n{await saved.Content.ReadAsStringAsync()}\n{cluster.Diagnostics()}");

            // The same mentor, signed in on node 2 with a fresh session.
            var (node2, _) = Client(cluster.Node2);
            await SignInAsync(node2, mentor.Email);
            var shown = await node2.GetStringAsync($"/veckosamtal?vecka={week}");
            Assert.Contains(note, shown, StringComparison.Ordinal);
            await using var db = cluster.Database.CreateContext();
            Assert.Equal(1, await db.WeeklyTalks.CountAsync(t => t.PupilId == pupilId && t.Note == note));
            return;
        }
        Assert.Fail($"No demo mentor had a pupil to log a weekly talk for.\n{cluster.Diagnostics()}");
    });

    /// <summary>
    /// The kill: the test holds "EvaluationRuns" in EXCLUSIVE mode (reads pass, the insert waits), so the node that
    /// took the night is provably inside it — job Processing, its evaluation's cases and tasks written but not
    /// committed, its backend waiting on the lock. That node is killed, the lock released, and the other node takes
    /// the job up again once its invisibility timeout has passed.
    /// </summary>
    [ServerDatabaseFact(Why)]
    [Order(3)]
    public Task NodeKilledInTheMiddleOfTheNight_OtherNodeCompletesIt() => WithNodeOutput(async () =>
    {
        await cluster.EnsureRunningAsync();
        var night = cluster.KillNight;
        var clock = Stopwatch.StartNew();
        string jobId;
        WebNode victim;
        await using (var holder = await cluster.OpenConnectionAsync())
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await ExecuteAsync(holder, transaction, IsPostgreSql
                ? "LOCK TABLE \"EvaluationRuns\" IN EXCLUSIVE MODE"
                : "SELECT COUNT(*) FROM [EvaluationRuns] WITH (TABLOCK, HOLDLOCK)");

            jobId = new BackgroundJobClient(cluster.Storage).Enqueue<NightlyEvaluationJob>(j => j.RunForAsync(night, CancellationToken.None));
            var waiting = await UntilAsync(async () =>
                cluster.State(jobId)?.Name == ProcessingState.StateName && await WaitingOnEvaluationRunsAsync() is { } session
                    ? session : null, "the night to wait on the EvaluationRuns lock");
            var serverId = cluster.State(jobId)!.Data["ServerId"];
            victim = cluster.NodeOfServer(serverId);
            output.WriteLine($"{victim.Name} took the night of {night:yyyy-MM-dd} and waits on the lock after {clock.Elapsed.TotalSeconds:0.0} s; it has written {waiting}.");
            Assert.True(waiting.Length > 0, "The node waiting on the lock had written nothing yet.");

            victim.Kill();
            await transaction.RollbackAsync();
        }
        var survivor = victim == cluster.Node1 ? cluster.Node2 : cluster.Node1;
        var killedAt = clock.Elapsed;

        await UntilAsync(() => Task.FromResult(cluster.State(jobId)?.Name == SucceededState.StateName ? "" : null),
            "the other node to complete the night", TimeSpan.FromSeconds(90));
        var history = JobHistory(jobId);
        output.WriteLine($"Completed by the survivor {clock.Elapsed.TotalSeconds - killedAt.TotalSeconds:0.0} s after the kill " +
            $"(invisibility timeout {NodeCluster.InvisibilityTimeout.TotalSeconds} s). History: {string.Join(" ← ", history.Select(h => h.State))}");
        var processedBy = history.Where(h => h.State == ProcessingState.StateName).Select(h => cluster.NodeOfServer(h.ServerId!)).ToList();
        Assert.Equal([survivor, victim], processedBy);

        await AssertOneNightAsync(night);
    });

    /// <summary>
    /// The nightly job enqueued twice while the test holds the night's lock: one worker per node, so each node takes
    /// one and both wait inside the job. Released, one evaluates; the other finds the night done and evaluates nothing.
    /// </summary>
    [ServerDatabaseFact(Why)]
    [Order(4)]
    public Task NightlyJobEnqueuedOnBothNodes_RunsOnce() => WithNodeOutput(async () =>
    {
        await cluster.EnsureRunningAsync();
        var night = SwedishTime.Yesterday(TimeProvider.System);
        var clock = Stopwatch.StartNew();
        string[] jobs;
        await using (var holder = await cluster.OpenConnectionAsync())
        {
            await ExecuteAsync(holder, null, IsPostgreSql
                ? $"SELECT pg_advisory_lock({NightlyLock.PostgreSqlKey})"
                : $"EXEC sp_getapplock @Resource = '{NightlyLock.SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session'");
            var client = new BackgroundJobClient(cluster.Storage);
            jobs = [client.Enqueue<NightlyEvaluationJob>(j => j.RunAsync(CancellationToken.None)),
                client.Enqueue<NightlyEvaluationJob>(j => j.RunAsync(CancellationToken.None))];

            var servers = await UntilAsync(async () =>
            {
                var states = jobs.Select(cluster.State).ToList();
                if (states.Any(s => s?.Name != ProcessingState.StateName)) return null;
                return await WaitersOnNightLockAsync(holder) >= 2 ? states.Select(s => s!.Data["ServerId"]).ToList() : null;
            }, "both jobs to wait on the night's lock");
            var nodes = servers.Select(cluster.NodeOfServer).ToList();
            Assert.Equal(2, nodes.Distinct().Count());
            output.WriteLine($"Both nodes inside the nightly job after {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", nodes.Select(n => n.Name))}.");

            await ExecuteAsync(holder, null, IsPostgreSql
                ? $"SELECT pg_advisory_unlock({NightlyLock.PostgreSqlKey})"
                : $"EXEC sp_releaseapplock @Resource = '{NightlyLock.SqlServerResource}', @LockOwner = 'Session'");
        }

        await UntilAsync(() => Task.FromResult(jobs.All(j => cluster.State(j)?.Name == SucceededState.StateName) ? "" : null),
            "both jobs to succeed");
        output.WriteLine($"Both jobs succeeded after {clock.Elapsed.TotalSeconds:0.0} s.");
        var skipped = cluster.Node1.Output + cluster.Node2.Output;
        Assert.Contains($"The night of {night:yyyy-MM-dd} was already evaluated", skipped, StringComparison.Ordinal);

        await AssertOneNightAsync(night);
    });

    /// <summary>Any failure carries the last of both nodes' stdout and stderr.</summary>
    private async Task WithNodeOutput(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception ex) when (ex is not TimeoutException && !TestProvider.IsSqlite)
        {
            throw new Xunit.Sdk.XunitException($"{ex}\n\n{cluster.Diagnostics()}");
        }
    }

    /// <summary>One evaluation run for the night, its tasks raised once, and the database's own invariants intact.</summary>
    private async Task AssertOneNightAsync(DateOnly night)
    {
        await using var db = cluster.Database.CreateContext();
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.AsOf == night && r.Trigger == NightlyEvaluationJob.Trigger).ToListAsync();
        var run = Assert.Single(runs);
        output.WriteLine($"Night {night:yyyy-MM-dd}: {run.PupilsEvaluated} pupils evaluated, {run.PupilsChanged} changed, {run.CasesOpened} cases opened, " +
            $"{run.TasksRaised} tasks raised, {run.DocumentsAttached} documents.");
        Assert.True(run.PupilsEvaluated > 0, "The night evaluated nobody.");
        Assert.True(run.PupilsChanged + run.TasksRaised > 0, "The night did no work, so it proves nothing about raising tasks once.");
        Assert.Equal(run.TasksRaised, await db.Tasks.CountAsync(t => t.RaisedOn == night));
        Assert.Equal(run.CasesOpened, await db.Cases.CountAsync(c => c.OpenedOn == night));

        Assert.Empty(await db.Tasks.Where(t => t.CaseId != null).GroupBy(t => new { t.CaseId, t.Code })
            .Where(g => g.Count() > 1).Select(g => g.Key.CaseId).ToListAsync());
        Assert.Empty(await db.Tasks.Where(t => t.CaseId == null).GroupBy(t => new { t.PupilId, t.Code, t.RaisedOn })
            .Where(g => g.Count() > 1).Select(g => g.Key.PupilId).ToListAsync());
        Assert.Empty(await db.Cases.Where(c => c.ClosedOn == null).GroupBy(c => c.PupilId)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync());

        await using var services = cluster.Services();
        await using var scope = services.CreateAsyncScope();
        var summaries = await scope.ServiceProvider.GetRequiredService<DaySummaryCheck>().RunAsync();
        Assert.True(summaries.Equal, $"{summaries.DifferenceCount} day summaries differ from the lessons (verify-summaries).");
        var audit = await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync();
        Assert.True(audit.Intact, $"The audit chain breaks at {audit.BreakAtId}: {audit.BreakReason}");
    }

    private static bool IsPostgreSql => TestProvider.Current == DatabaseProvider.PostgreSql;

    /// <summary>
    /// The tables the session waiting on "EvaluationRuns" has written to (row-exclusive locks it holds), or null. Asked
    /// on a connection of its own: inside the holder's transaction PostgreSQL would answer from its first snapshot of
    /// pg_stat_activity.
    /// </summary>
    private async Task<string?> WaitingOnEvaluationRunsAsync()
    {
        var sql = IsPostgreSql
            ? """
              SELECT coalesce(string_agg(DISTINCT c.relname, ', '), '') FROM pg_stat_activity a
              JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
              JOIN pg_class c ON c.oid = l.relation AND c.relkind = 'r'
              WHERE a.datname = current_database() AND a.wait_event_type = 'Lock' AND a.query LIKE '%EvaluationRuns%'
              GROUP BY a.pid
              """
            : """
              SELECT STRING_AGG(OBJECT_NAME(l.resource_associated_entity_id), ', ') FROM sys.dm_exec_requests r
              JOIN sys.dm_tran_locks l ON l.request_session_id = r.session_id AND l.resource_type = 'OBJECT' AND l.request_mode = 'IX' AND l.request_status = 'GRANT'
              WHERE r.database_id = DB_ID() AND r.wait_type LIKE 'LCK%' AND r.session_id <> @@SPID
              GROUP BY r.session_id
              """;
        await using var connection = await cluster.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task<long> WaitersOnNightLockAsync(DbConnection holder)
    {
        await using var command = holder.CreateCommand();
        command.CommandText = IsPostgreSql
            ? "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'"
            : $"SELECT COUNT_BIG(*) FROM sys.dm_tran_locks WHERE resource_type = 'APPLICATION' AND request_status = 'WAIT' AND resource_database_id = DB_ID()";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private List<(string State, string? ServerId)> JobHistory(string jobId) =>
        cluster.Storage.GetMonitoringApi().JobDetails(jobId).History
            .Select(h => (h.StateName, h.Data.TryGetValue("ServerId", out var server) ? server : null)).ToList();

    private async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Wait);
        while (true)
        {
            if (await probe() is { } result) return result;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited in vain for {what}.\n{cluster.Diagnostics()}");
            await Task.Delay(200);
        }
    }

    private DemoLogin Mentor() => cluster.Demo.Logins.First(l => l.Role == StaffRoles.Mentor);

    private static (HttpClient Client, CookieContainer Cookies) Client(WebNode node)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = node.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return (client, cookies);
    }

    /// <summary>The real sign-in form: GET for the antiforgery token, POST e-mail and the demo password.</summary>
    private async Task SignInAsync(HttpClient client, string email)
    {
        var form = await client.GetStringAsync("/konto/logga-in");
        var response = await client.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form),
            ["Email"] = email,
            ["Password"] = DemoSeeder.DemoPassword,
            ["ReturnUrl"] = "/",
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/",
            $"Sign-in of {email} on {client.BaseAddress}: {response.StatusCode} {response.Headers.Location}\n{cluster.Diagnostics()}");
    }

    private static string Token(string html) => Attribute(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"");

    private static string Attribute(string html, string before)
    {
        var start = html.IndexOf(before, StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"Not in the page: {before}");
        start += before.Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }

    [GeneratedRegex("<form method=\"post\" action=\"/veckosamtal/(?<pupil>\\d+)\"(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex TalkForm();
}
