using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Jobs;
using Narvaro.Notifications;
using Narvaro.Tests.Notifications;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// The daily digest through the app's real Hangfire pipeline (in-memory storage, the app's own server) to a real SMTP
/// server on loopback: the recurring job is registered at 06:30 Stockholm time, a trigger sends the mentor one mail,
/// and a second trigger the same day sends nothing more.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class TaskDigestThroughHangfireTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = new();
    private NarvaroWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _sink.InitializeAsync();
        _app = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = _sink.Port.ToString(),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "narvaro@ekstad.se",
            ["Smtp:BaseUrl"] = "https://narvaro.ekstad.se",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public void RecurringJob_IsRegisteredAt0630StockholmTime()
    {
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == JobSchedules.TaskDigest);
        Assert.Equal("30 6 * * *", job.Cron);
        Assert.Equal("Europe/Stockholm", job.TimeZoneId);
        Assert.Equal(typeof(TaskDigestJob), job.Job.Type);
    }

    [Fact]
    public async Task TriggeredTwice_SendsTheMentorOneMail()
    {
        var organisation = await _app.AddOrganisationAsync("Ekstads kommun");
        var school = await _app.AddSchoolAsync(organisation, "Ekskolan", pupils: 1);
        var mentor = await _app.AddStaffAsync("mia.mentor@ekstad.se", "Mia Mentor", StaffRoles.Mentor, school);
        await _app.MakeMentorAsync(mentor, school, 1);
        int taskId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var pupil = await db.Pupils.SingleAsync(p => p.SchoolId == school.Id);
            var today = SwedishTime.Today(TimeProvider.System);
            var task = new CaseTask { PupilId = pupil.Id, Code = TaskCatalog.S1Contact, Role = nameof(TaskRole.Mentor), RaisedOn = today, Due = today };
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            taskId = task.Id;
        }
        var jobs = _app.Services.GetRequiredService<IRecurringJobManager>();
        var monitoring = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        jobs.Trigger(JobSchedules.TaskDigest);
        await WaitForAsync(() => monitoring.SucceededListCount() >= 1, monitoring);

        var mail = Assert.Single(_sink.MessagesTo("mia.mentor@ekstad.se"));
        Assert.Equal("Närvaro: 1 ny uppgift", mail.Subject);
        Assert.Contains($"https://narvaro.ekstad.se/uppgift/{taskId}", mail.TextBody);
        Assert.Contains("Elev Nummer 1", mail.TextBody);

        jobs.Trigger(JobSchedules.TaskDigest);
        await WaitForAsync(() => monitoring.SucceededListCount() >= 2, monitoring);

        Assert.Single(_sink.MessagesTo("mia.mentor@ekstad.se"));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            Assert.Equal(1, await db.DigestDeliveries.CountAsync(d => d.UserId == mentor.Id));
        }
    }

    private async Task WaitForAsync(Func<bool> done, Hangfire.Storage.IMonitoringApi monitoring)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done() && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.True(done(), $"The digest job did not succeed in 60 s: failed {monitoring.FailedCount()} "
            + string.Join(" | ", monitoring.FailedJobs(0, 5).Select(j => $"{j.Value.ExceptionType}: {j.Value.ExceptionMessage}"))
            + $"; sink log: {_sink.Log}");
    }
}

/// <summary>With Smtp:Host set the settings are checked at start-up; without it nothing is asked of them.</summary>
public sealed class SmtpSettingsAtStartupTests
{
    [Fact]
    public async Task HostWithoutSenderOrBaseUrl_StopsTheAppAtStartup()
    {
        await using var app = NarvaroWebFactory.With(settings: new Dictionary<string, string?> { ["Smtp:Host"] = "smtp.ekstad.se" });

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException
            ?? (error as AggregateException)?.Flatten().InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, error.ToString());
        Assert.Contains(validation.Failures, f => f.Contains("Smtp:From"));
        Assert.Contains(validation.Failures, f => f.Contains("Smtp:BaseUrl"));
    }

    [Fact]
    public async Task NoHost_StartsAndRegistersTheSender()
    {
        await using var app = new NarvaroWebFactory();

        Assert.False(app.Services.GetRequiredService<IOptions<SmtpOptions>>().Value.Enabled);
        Assert.IsType<MailKitSender>(app.Services.GetRequiredService<IMailSender>());
    }
}
