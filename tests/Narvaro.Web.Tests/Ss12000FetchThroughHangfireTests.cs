using System.Net;
using System.Net.Sockets;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Jobs;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// "Hämta nu" through the app's real Hangfire pipeline: the admin's POST enqueues the job, the app's own server
/// runs it, the import fails against a source that refuses connections, and the job ends Failed with the import's
/// Swedish reason (visible in the dashboard) while the database stays as it was.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class Ss12000FetchThroughHangfireTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private NarvaroWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        var closedPort = ClosedLoopbackPort();
        _app = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Ss12000:Sources:0:Name"] = "Ekstad",
            ["Ss12000:Sources:0:BaseUrl"] = $"http://127.0.0.1:{closedPort}/ss12000",
            ["Ss12000:Sources:0:TokenEndpoint"] = $"http://127.0.0.1:{closedPort}/token",
            ["Ss12000:Sources:0:ClientId"] = "narvaro",
            ["Ss12000:Sources:0:ClientSecret"] = "hemligt",
            ["Ss12000:Sources:0:RetryCount"] = "0",
            ["Ss12000:Sources:0:TimeoutSeconds"] = "5",
        });
        var organisation = await _app.AddOrganisationAsync("Ekstads kommun");
        var school = await _app.AddSchoolAsync(organisation, "Ekskolan", pupils: 2);
        await _app.AddStaffAsync("admin@ekstad.se", "Admin", StaffRoles.Admin, school);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HamtaNu_RunsTheImportInHangfire_AndAFailedSourceLeavesAFailedJobWithTheSwedishReason()
    {
        var pupilsBefore = await CountAsync(db => db.Pupils.CountAsync());
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        await client.LogInOrFailAsync("admin@ekstad.se");
        var page = await client.GetAsync("/admin/ss12000");

        var post = await client.PostAsync("/admin/ss12000/hamta", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["From"] = "2026-09-01", ["To"] = "2026-09-07", ["Source"] = "Ekstad",
            ["__RequestVerificationToken"] = Browser.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);

        var monitoring = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Hangfire.Storage.Monitoring.FailedJobDto? failed = null;
        while (failed is null && DateTime.UtcNow < deadline)
        {
            failed = monitoring.FailedJobs(0, 10).Select(j => j.Value).FirstOrDefault(j => j.Job?.Type == typeof(Ss12000ImportJob));
            if (failed is null) await Task.Delay(200);
        }

        Assert.NotNull(failed);
        output.WriteLine($"Failed job: {failed.ExceptionType}: {failed.ExceptionMessage}");
        Assert.Equal(new DateOnly(2026, 9, 1), (DateOnly)failed.Job.Args[0]);
        Assert.Equal("Ekstad", failed.Job.Args[2]);
        Assert.Contains("SS 12000-källan \"Ekstad\"", failed.ExceptionMessage);
        Assert.Contains("ingenting har ändrats i databasen", failed.ExceptionMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("anslutningen nekades", failed.ExceptionMessage);
        Assert.DoesNotContain("()", failed.ExceptionMessage);
        Assert.Equal(pupilsBefore, await CountAsync(db => db.Pupils.CountAsync()));
        Assert.Equal(0, await CountAsync(db => db.Attendance.CountAsync()));
    }

    private async Task<int> CountAsync(Func<NarvaroDbContext, Task<int>> count)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<NarvaroDbContext>());
    }

    /// <summary>A loopback port nothing listens on, so every connection is refused at once.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
