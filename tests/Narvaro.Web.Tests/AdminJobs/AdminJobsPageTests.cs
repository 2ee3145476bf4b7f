using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Features.AdminJobs;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.AdminJobs;

/// <summary>
/// /admin/jobb: the latest evaluation runs (counts, newest first, at most 30) and Hangfire's recurring jobs; for
/// administrators only, audited. The factory's app has Hangfire storage but no server (Jobs:RunServer false).
/// </summary>
public sealed class AdminJobsPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private async Task<(School School, StaffUser Admin, HttpClient Client)> AdminAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = await factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await factory.AddSchoolAsync(organisation, $"Skola {suffix}", 1);
        var email = $"admin.{suffix}@skola.test";
        var admin = await factory.AddStaffAsync(email, "Ada Admin", StaffRoles.Admin, school);
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return (school, admin, client);
    }

    private static EvaluationRun Run(DateOnly asOf, int seed, string trigger = "nightly") => new()
    {
        AsOf = asOf,
        // 02:00:05 Swedish winter time is 01:00:05 UTC; the run took 1 min 23.5 s.
        StartedAtUtc = new DateTime(asOf.Year, asOf.Month, asOf.Day, 1, 0, 5, DateTimeKind.Utc).AddDays(1),
        FinishedAtUtc = new DateTime(asOf.Year, asOf.Month, asOf.Day, 1, 1, 28, 500, DateTimeKind.Utc).AddDays(1),
        PupilsEvaluated = 90_000 + seed,
        PupilsChanged = 100 + seed,
        PupilsWithNewTasks = 200 + seed,
        CasesOpened = 300 + seed,
        TasksRaised = 400 + seed,
        DocumentsAttached = 500 + seed,
        Trigger = trigger,
    };

    /// <summary>The page's text, tags as spaces, every run of white space (no-break spaces too) as one space.</summary>
    internal static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ");

    [Fact]
    public async Task Jobb_Admin_SeesTheLatest30RunsNewestFirst_TheRecurringJobs_AndIsAudited()
    {
        var (_, admin, client) = await AdminAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            db.EvaluationRuns.RemoveRange(db.EvaluationRuns);
            // 32 nights, 1 Nov – 2 Dec 2026, oldest first; then one more from the command line.
            var first = new DateOnly(2026, 11, 1);
            db.EvaluationRuns.AddRange(Enumerable.Range(0, 32).Select(i => Run(first.AddDays(i), i)));
            await db.SaveChangesAsync();
            db.EvaluationRuns.Add(Run(new DateOnly(2026, 12, 3), 77, "cli"));
            await db.SaveChangesAsync();
        }

        var response = await client.GetAsync("/admin/jobb");
        var html = await response.ReadPageAsync();
        var text = Text(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Nattkörningar</h1>", html);
        var rows = Regex.Matches(html, "<tr>\\s*<th scope=\"row\">(?<asof>[^<]+)</th>").Select(m => m.Groups["asof"].Value).ToList();
        var runRows = rows.Where(r => r.EndsWith("2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(30, runRows.Count);
        // Newest first: the command line's run of 3 Dec, then 2 Dec back to 4 Nov; 1–3 Nov are beyond the 30.
        Assert.Equal(["3 dec. 2026", "2 dec. 2026", "1 dec. 2026", "30 nov. 2026"], runRows.Take(4));
        Assert.Equal("4 nov. 2026", runRows[^1]);
        // Every figure of the newest run, in the order of the headers, in Swedish time.
        Assert.Contains("3 dec. 2026 4 dec. 2026 kl. 02.00 1 min 23 s Kommandoraden 90077 177 277 377 477 577", text);
        Assert.Contains("2 dec. 2026 3 dec. 2026 kl. 02.00 1 min 23 s Nattjobbet 90031 131 231 331 431 531", text);
        Assert.Contains("Bedömd dag Startad Tid Startad av Elever bedömda Elever med ändrat ärende Elever med nya uppgifter Nya ärenden Nya uppgifter Bifogade dokument", text);
        Assert.DoesNotContain("90002", text);

        // Hangfire: storage without a server in this app; the schedules registered at start-up, never run.
        Assert.Contains("Hangfire är inte igång: ingen server kör jobben just nu.", text);
        Assert.Contains("Nattlig utvärdering av trappan (med hämtning från SS 12000 när källor finns) Varje natt kl. 02.00", text);
        Assert.Contains("Daglig e-postsammanfattning av uppgifter Varje dag kl. 06.30", text);
        Assert.Contains("Aldrig Har inte körts än", text);
        Assert.Matches(@"Varje natt kl\. 02\.00 \d{1,2} [a-zé.]+ \d{4} kl\. 02\.00 Aldrig", text);

        await using var check = factory.Services.CreateAsyncScope();
        var audit = check.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var entry = await audit.AuditLog.SingleAsync(a => a.UserId == admin.Id && a.Action == AdminJobsController.ViewedAction);
        Assert.Equal("30 körningar, 2 återkommande jobb", entry.Details);
    }

    [Fact]
    public async Task Jobb_NoRunsYet_SaysSo()
    {
        var (_, _, client) = await AdminAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            await db.EvaluationRuns.ExecuteDeleteAsync();
        }

        var html = await (await client.GetAsync("/admin/jobb")).ReadPageAsync();

        Assert.Contains("Ingen utvärdering har körts än.", html);
        Assert.DoesNotContain("Tabell över körningarna", html);
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Skolchef)]
    [InlineData(StaffRoles.Mentor)]
    public async Task Jobb_NotAdmin_IsRefusedAndHasNoLink(string role)
    {
        var (school, _, _) = await AdminAsync();
        var email = $"{role}.{Guid.NewGuid():N}@skola.test";
        await factory.AddStaffAsync(email, "Annan", role, school);
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var response = await client.GetAsync("/admin/jobb");

        // Refused like every admin page: to the "access denied" page, nothing of the runs shown.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
        Assert.DoesNotContain("href=\"/admin/jobb\"", await (await client.GetAsync("/")).ReadPageAsync());
    }

    [Fact]
    public async Task Jobb_Admin_FindsItInTheMenu()
    {
        var (_, _, client) = await AdminAsync();
        Assert.Contains("<a href=\"/admin/jobb\">Nattkörningar</a>", await (await client.GetAsync("/")).ReadPageAsync());
    }
}
