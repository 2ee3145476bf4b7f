using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Jobs;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// Hangfire keeps process-wide defaults (activator, storage) that every app built in the process overwrites, so the
/// tests with a running Hangfire server run alone, never beside another test's app.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServerCollection
{
    public const string Name = "Hangfire server";
}

/// <summary>An app with its Hangfire server running, as in production.</summary>
public sealed class NarvaroWebWithJobsFactory : NarvaroWebFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:RunServer", "true");
    }
}

/// <summary>The nightly evaluation through the app's real Hangfire pipeline (in-memory storage, a real server).</summary>
[Collection(HangfireServerCollection.Name)]
public class NightlyJobTests : IClassFixture<NarvaroWebWithJobsFactory>
{
    private readonly NarvaroWebFactory _app;

    public NightlyJobTests(NarvaroWebWithJobsFactory app) => _app = app;

    [Fact]
    public void RecurringJob_IsRegisteredAt0200StockholmTime()
    {
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == JobSchedules.NightlyEvaluation);
        Assert.Equal("0 2 * * *", job.Cron);
        Assert.Equal("Europe/Stockholm", job.TimeZoneId);
        Assert.Equal(typeof(NightlyEvaluationJob), job.Job.Type);
    }

    [Fact]
    public async Task TriggeredRecurringJob_EvaluatesYesterdayAndRaisesTheCase()
    {
        // A pupil absent every weekday of the last five weeks: step 5 by yesterday.
        var yesterday = SwedishTime.Yesterday(TimeProvider.System);
        var organisation = await _app.AddOrganisationAsync("Jobbkommun");
        var school = await _app.AddSchoolAsync(organisation, "Jobbskolan", pupils: 1);
        int pupilId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            pupilId = await db.Pupils.Where(p => p.SchoolId == school.Id).Select(p => p.Id).SingleAsync();
            for (var d = yesterday.AddDays(-34); d <= yesterday; d = d.AddDays(1))
            {
                if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupilId, Date = d, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60,
                    Subject = "Svenska", AbsentMinutes = 60, Type = AttendanceType.Valid,
                });
            }
            await db.SaveChangesAsync();
        }

        _app.Services.GetRequiredService<IRecurringJobManager>().Trigger(JobSchedules.NightlyEvaluation);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        AbsenceCase? opened = null;
        while (opened is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            opened = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.PupilId == pupilId);
        }

        var monitoring = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        string runs;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            runs = string.Join(", ", (await db.EvaluationRuns.AsNoTracking().ToListAsync())
                .Select(r => $"{r.AsOf} {r.Trigger} evaluated={r.PupilsEvaluated} opened={r.CasesOpened} at {r.StartedAtUtc:HH:mm:ss.fff}"));
        }
        Assert.True(opened is not null, $"No case after 60 s (pupil {pupilId}, data saved before trigger). Runs: {runs}. Hangfire: " + string.Join(" | ",
            monitoring.FailedJobs(0, 10).Select(j => $"{j.Value.ExceptionType}: {j.Value.ExceptionMessage} {j.Value.ExceptionDetails}")
                .Concat(monitoring.ScheduledJobs(0, 10).SelectMany(j => monitoring.JobDetails(j.Key).History
                    .Select(h => $"{h.StateName} {h.Reason} {string.Join(", ", h.Data.Select(d => d.Key + "=" + d.Value))}")))
                .Append($"enqueued {monitoring.EnqueuedCount("default")}, processing {monitoring.ProcessingCount()}, scheduled {monitoring.ScheduledCount()}, succeeded {monitoring.SucceededListCount()}, servers {monitoring.Servers().Count}")));
        Assert.Equal(yesterday, opened.OpenedOn);
        Assert.Equal(5, opened.Step);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var run = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Trigger == "nightly");
            Assert.Equal(yesterday, run.AsOf);
        }
        // The case is written before the job ends (the night then attaches the documents), so the job may still be
        // processing when the case appears: wait for Hangfire to record it as succeeded.
        while (monitoring.SucceededListCount() < 1 && DateTime.UtcNow < deadline.AddSeconds(60))
            await Task.Delay(250);
        Assert.True(monitoring.SucceededListCount() >= 1,
            $"Not succeeded: processing {monitoring.ProcessingCount()}, failed {monitoring.FailedCount()}");
    }

    [Fact]
    public async Task Dashboard_Anonymous_RedirectsToLogin()
    {
        var response = await _app.CreateBrowser().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/konto/logga-in", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Dashboard_Mentor_IsDenied()
    {
        var organisation = await _app.AddOrganisationAsync("Mentorkommun");
        var school = await _app.AddSchoolAsync(organisation, "Mentorskolan", pupils: 0);
        await _app.AddStaffAsync("mentor.hangfire@test.se", "Mia Mentor", StaffRoles.Mentor, school);
        var browser = _app.CreateBrowser();
        await browser.LogInOrFailAsync("mentor.hangfire@test.se");

        var response = await browser.GetAsync("/hangfire");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, response.StatusCode.ToString());
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.Contains("/konto/nekad", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Dashboard_Admin_SeesTheRecurringJob()
    {
        await _app.AddStaffAsync("admin.hangfire@test.se", "Ada Admin", StaffRoles.Admin);
        var browser = _app.CreateBrowser();
        await browser.LogInOrFailAsync("admin.hangfire@test.se");

        var response = await browser.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(JobSchedules.NightlyEvaluation, page);
        Assert.Contains("Närvaro – bakgrundsjobb", page);
    }
}
