using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Jobs;
using Narvaro.Ss12000;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Ss12000;

/// <summary>
/// docs/operations.md, "The night": with a source configured, NightlyRun imports D−(DaysBack−1) … D and then evaluates
/// D on what it imported; a failed import fails the night before any evaluation. The services are the app's own
/// (AddNarvaroDatabase + AddNarvaroCore) on real SQLite with the migrations, configured through the "Ss12000"
/// section as in production; only the source's HTTP answers are replaced, by the recorded fixture.
/// </summary>
public sealed class NightlyImportBeforeEvaluationTests : IAsyncLifetime
{
    /// <summary>A Monday; the fixture's lessons are on 7 and 8 September 2026.</summary>
    private static readonly DateOnly D = new(2026, 9, 7);
    private const string Asa = "0b000000-0000-4000-8000-000000000001", Bo = "0b000000-0000-4000-8000-000000000002";
    private const string ClientSecret = "nattens-hemlighet";

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private readonly FixtureSource _source = new();
    private readonly LogCapture _logs = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Narvaro"] = _database.ConnectionString,
            // Not the default of 7, so the range shows the setting was read.
            ["Ss12000:DaysBack"] = "3",
            ["Ss12000:Sources:0:Name"] = "Ekstad",
            ["Ss12000:Sources:0:Organisation"] = "Ekstads kommun",
            ["Ss12000:Sources:0:BaseUrl"] = FixtureSource.BaseUrl,
            ["Ss12000:Sources:0:TokenEndpoint"] = FixtureSource.TokenEndpoint,
            ["Ss12000:Sources:0:ClientId"] = "narvaro",
            ["Ss12000:Sources:0:ClientSecret"] = ClientSecret,
            ["Ss12000:Sources:0:TimeoutSeconds"] = "2",
            ["Ss12000:Sources:0:RetryCount"] = "2",
            ["Ss12000:Sources:0:RetryBaseDelayMilliseconds"] = "1",
        }).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddNarvaroDatabase(configuration);
        services.AddNarvaroCore();
        services.AddHttpClient(Ss12000Client.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _source);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<NightlyRunResult> RunNightAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NightlyRun>().RunAsync(D, "nightly");
    }

    [Fact]
    public async Task The_night_imports_the_last_DaysBack_days_then_evaluates_D_on_the_imported_rows()
    {
        var result = await RunNightAsync();

        // Asked of the source: D−2 … D (DaysBack 3), as Swedish wall-clock times.
        var calendarEvents = _source.Requests.Where(r => r.Contains("/calendarEvents")).Select(Query).ToList();
        Assert.Equal(2, calendarEvents.Count); // two pages, the range on both
        Assert.All(calendarEvents, q =>
            Assert.Equal(("2026-09-05T00:00:00+02:00", "2026-09-07T23:59:59+02:00"), (q["startTime.onOrAfter"], q["startTime.onOrBefore"])));
        var absences = Query(Assert.Single(_source.Requests, r => r.Contains("/absences")));
        Assert.Equal(("2026-09-05T00:00:00+02:00", "2026-09-07T23:59:59+02:00"), (absences["endTime.onOrAfter"], absences["startTime.onOrBefore"]));
        Assert.Equal((new DateOnly(2026, 9, 5), D), (result.Ss12000Import!.From, result.Ss12000Import.To));

        // Imported: D's rows. The fixture's lesson on 8 September lies outside the range and is not written.
        await using var db = _database.CreateContext();
        var rows = (await db.Attendance.Include(a => a.Pupil).AsNoTracking().ToListAsync())
            .OrderBy(a => a.Date).ThenBy(a => a.Start).ThenBy(a => a.Pupil!.ExternalId)
            .Select(a => $"{a.Pupil!.FirstName} {a.Date:yyyy-MM-dd} {a.Start:HH\\:mm} {a.AbsentMinutes} {a.Type}")
            .ToList();
        Assert.Equal(
        [
            "Åsa 2026-09-07 08:00 0 Present",
            "Bo 2026-09-07 08:00 60 Valid",
            "Åsa 2026-09-07 10:15 12 Late",
            "Bo 2026-09-07 10:15 45 Invalid",
            "Åsa 2026-09-07 13:00 0 NotReported",
            "Bo 2026-09-07 13:00 60 Leave",
        ], rows);

        // Evaluated on them: Bo's ogiltig lesson on D, with no earlier school day, raises step 1's day task for D.
        // The database was empty before the night, so the evaluation can only have seen the imported rows.
        Assert.Equal((2, 1, 0), (result.Evaluation.Pupils, result.Evaluation.DayTasksRaised, result.Evaluation.CasesOpened));
        var task = await db.Tasks.Include(t => t.Pupil).AsNoTracking().SingleAsync();
        Assert.Equal((Bo, TaskCatalog.S1Contact, D, D, (int?)null), (task.Pupil!.ExternalId, task.Code, task.RaisedOn, task.Due, task.CaseId));
        var run = await db.EvaluationRuns.AsNoTracking().SingleAsync();
        Assert.Equal((D, "nightly", 1), (run.AsOf, run.Trigger, run.TasksRaised));
        Assert.Empty(await db.Cases.ToListAsync());
    }

    [Fact]
    public async Task A_source_that_keeps_failing_fails_the_night_before_the_evaluation_and_writes_nothing()
    {
        // A pupil already in Närvaro whose ogiltig lesson on D would raise a first-day task if the evaluation ran.
        var school = new SchoolBuilder();
        var pupil = school.Pupil("F-1");
        school.Day(pupil, D.AddDays(-3)).Day(pupil, D, AttendanceType.Invalid);
        await using (var db = _database.CreateContext())
            await school.SaveAsync(db);
        _source.Fault = (request, _, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/absences")
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : null);

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(RunNightAsync);

        Assert.Equal(
            "SS 12000-källan \"Ekstad\" svarade med ett serverfel (HTTP 503, /absences, sida 1, 3 försök). " +
            "Hämtningen avbröts och ingenting har ändrats i databasen.",
            failure.Message);
        Assert.Equal(3, _source.Requests.Count(r => r.Contains("/absences"))); // RetryCount 2: three attempts
        await using (var db = _database.CreateContext())
        {
            // Nothing imported: only what was there before.
            Assert.Equal(["Testkommun"], await db.Organisations.Select(o => o.Name).ToListAsync());
            Assert.Equal(["F-1"], await db.Pupils.Select(p => p.ExternalId).ToListAsync());
            Assert.Equal(10, await db.Attendance.CountAsync());
            // No evaluation: no run recorded, no task, no case.
            Assert.Empty(await db.EvaluationRuns.ToListAsync());
            Assert.Empty(await db.Tasks.ToListAsync());
            Assert.Empty(await db.Cases.ToListAsync());
        }

        // Once the source answers, running the night again (Hangfire's retry) imports and then evaluates.
        _source.Fault = null;
        var result = await RunNightAsync();

        Assert.Equal(2, result.Ss12000Import!.Sources.Single().NewPupils);
        await using (var db = _database.CreateContext())
        {
            var tasks = (await db.Tasks.Include(t => t.Pupil).AsNoTracking().ToListAsync())
                .Select(t => $"{t.Pupil!.ExternalId} {t.Code} {t.RaisedOn:yyyy-MM-dd}").Order(StringComparer.Ordinal);
            Assert.Equal([$"{Bo} S1-CONTACT 2026-09-07", "F-1 S1-CONTACT 2026-09-07"], tasks);
            Assert.Equal(1, await db.EvaluationRuns.CountAsync());
        }
    }

    [Fact]
    public async Task The_access_token_and_the_client_secret_never_reach_the_logs()
    {
        // One retried 503 and one 401 that renews the token: the paths that log most.
        int persons = 0, groups = 0;
        _source.Fault = (request, _, _) => Task.FromResult(
            request.RequestUri!.AbsolutePath.EndsWith("/persons") && ++persons == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : request.RequestUri.AbsolutePath.EndsWith("/groups") && ++groups == 1 ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
            : null);

        await RunNightAsync();

        Assert.Equal(2, _source.Requests.Count(r => r.StartsWith("POST " + FixtureSource.TokenEndpoint)));
        var logs = _logs.Entries;
        // The capture saw the retry and the HTTP client's own header trace (values redacted), so what is absent below is absent.
        Assert.Contains(logs, l => l.Contains("SS 12000 source Ekstad, GET /persons page 1: HTTP 503; retry 1 of 2"));
        Assert.Contains(logs, l => l.Contains("Request Headers:") && l.Contains("Authorization: *"));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"narvaro:{ClientSecret}"));
        foreach (var secret in new[] { FixtureSource.Token, ClientSecret, basic })
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.Ordinal));
    }

    private static NameValueCollection Query(string request) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(request.Split(' ', 2)[1]).Query);

    /// <summary>Every log entry of every category and level, formatted, with its exception and scopes.</summary>
    private sealed class LogCapture : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _entries = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public List<string> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(LogCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                    foreach (var (key, value) in values) entry.Append($" [{key}={value}]");
                capture._scopes.ForEachScope((scope, b) => b.Append($" scope: {scope}"), entry);
                if (exception is not null) entry.Append(' ').Append(exception);
                capture._entries.Enqueue(entry.ToString());
            }
        }
    }
}
