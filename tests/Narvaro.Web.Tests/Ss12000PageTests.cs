using System.Net;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Narvaro.Domain;
using Narvaro.Jobs;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>/admin/ss12000: admins see the sources (never the secret) and start an import; others are refused.</summary>
public sealed class Ss12000PageTests : IAsyncLifetime
{
    private readonly Mock<IBackgroundJobClient> _jobs = new();
    private NarvaroWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["Ss12000:Sources:0:Name"] = "Ekstad",
            ["Ss12000:Sources:0:Organisation"] = "Ekstads kommun",
            ["Ss12000:Sources:0:BaseUrl"] = "https://ss12000.ekstad.se/v2.0",
            ["Ss12000:Sources:0:TokenEndpoint"] = "https://login.ekstad.se/token",
            ["Ss12000:Sources:0:ClientId"] = "narvaro",
            ["Ss12000:Sources:0:ClientSecret"] = "supersecret-value",
        });
        var organisation = await _app.AddOrganisationAsync("Ekstads kommun");
        var school = await _app.AddSchoolAsync(organisation, "Ekskolan", 0);
        await _app.AddStaffAsync("admin@ekstad.se", "Admin", StaffRoles.Admin, school);
        await _app.AddStaffAsync("rektor@ekstad.se", "Rektor", StaffRoles.Rektor, school);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email, WebAppWithJobs app)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        await client.LogInOrFailAsync(email);
        return client;
    }

    private sealed class WebAppWithJobs(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> inner)
    {
        public HttpClient CreateClient(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions options) => inner.CreateClient(options);
    }

    private WebAppWithJobs App() => new(_app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(_jobs.Object))));

    [Fact]
    public async Task Admin_sees_the_sources_without_the_secret_and_Hamta_nu_enqueues_the_import()
    {
        var app = App();
        var client = await SignedInAsync("admin@ekstad.se", app);

        var page = await client.GetAsync("/admin/ss12000");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.ReadPageAsync();
        Assert.Contains("https://ss12000.ekstad.se/v2.0", html);
        Assert.Contains("Hämta nu", html);
        Assert.DoesNotContain("supersecret-value", html);

        var post = await client.PostAsync("/admin/ss12000/hamta", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["From"] = "2026-09-01", ["To"] = "2026-09-07", ["Source"] = "Ekstad",
            ["__RequestVerificationToken"] = Browser.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        _jobs.Verify(j => j.Create(
            It.Is<Job>(job => job.Type == typeof(Ss12000ImportJob) && (DateOnly)job.Args[0] == new DateOnly(2026, 9, 1)
                && (DateOnly)job.Args[1] == new DateOnly(2026, 9, 7) && (string)job.Args[2] == "Ekstad"),
            It.IsAny<EnqueuedState>()), Times.Once);

        var after = await (await client.GetAsync(post.Headers.Location!.OriginalString)).ReadPageAsync();
        Assert.Contains("Hämtningen från \"Ekstad\" för 2026-09-01 – 2026-09-07 har startats.", after);
    }

    [Fact]
    public async Task A_rector_is_refused()
    {
        var client = await SignedInAsync("rektor@ekstad.se", App());
        var page = await client.GetAsync("/admin/ss12000");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        _jobs.VerifyNoOtherCalls();
    }
}
