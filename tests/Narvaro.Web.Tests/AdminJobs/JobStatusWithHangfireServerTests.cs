using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Jobs;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.AdminJobs;

/// <summary>
/// /admin/jobb against a running Hangfire server (in-memory storage, as with SQLite in production): after the nightly
/// job has run, the page shows its run with the trigger "Nattjobbet" and the recurring job's last state in words.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class JobStatusWithHangfireServerTests(NarvaroWebWithJobsFactory app) : IClassFixture<NarvaroWebWithJobsFactory>
{
    [Fact]
    public async Task Jobb_AfterTheNightlyJobRan_ShowsItsRunAndLastStateLyckades()
    {
        var organisation = await app.AddOrganisationAsync("Nattkommun");
        var school = await app.AddSchoolAsync(organisation, "Nattskolan", pupils: 2);
        await app.AddStaffAsync("admin.natt@skola.test", "Ada Admin", StaffRoles.Admin, school);
        var storage = app.Services.GetRequiredService<JobStorage>();

        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(JobSchedules.NightlyEvaluation);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        string? state = null;
        while (state != "Succeeded" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            using var connection = storage.GetConnection();
            state = connection.GetRecurringJobs().Single(j => j.Id == JobSchedules.NightlyEvaluation).LastJobState;
        }
        Assert.True(state == "Succeeded", $"The nightly job's last state after 120 s: {state ?? "none"}");

        var client = app.CreateBrowser();
        await client.LogInOrFailAsync("admin.natt@skola.test");
        var text = AdminJobsPageTests.Text(await (await client.GetAsync("/admin/jobb")).ReadPageAsync());

        var yesterday = SwedishTime.Yesterday(TimeProvider.System);
        await using var scope = app.Services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<NarvaroDbContext>().EvaluationRuns.AsNoTracking()
            .SingleAsync(r => r.Trigger == "nightly");
        Assert.Equal(yesterday, run.AsOf);
        Assert.Contains($"{SwedishDates.Date(yesterday)} {SwedishDates.ShortWithTime(run.StartedAtUtc)} ", text);
        Assert.Contains($" Nattjobbet {run.PupilsEvaluated} 0 0 0 0 0 ", text);
        Assert.Contains("Hangfire är igång med 1 server.", text);
        Assert.Matches(@"Nattlig utvärdering av trappan \(med hämtning från SS 12000 när källor finns\) Varje natt kl\. 02\.00 \d{1,2} [a-zé.]+ \d{4} kl\. 02\.00 \d{1,2} [a-zé.]+ \d{4} kl\. \d\d\.\d\d Lyckades", text);
        Assert.Contains("Daglig e-postsammanfattning av uppgifter Varje dag kl. 06.30", text);
    }
}
