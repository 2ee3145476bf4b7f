using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// Sign-in through a real OpenID Connect provider on loopback (oidc-provider, tests/tools/oidc-op.js, with its dev login
/// and consent pages): the invited account's verified e-mail signs in; an unknown e-mail, an e-mail the provider has not
/// verified and a deactivated account are refused in Swedish.
/// </summary>
public sealed class OidcInBrowserTests : IClassFixture<OidcInBrowserTests.Fixture>
{
    private readonly Fixture _fixture;
    private readonly ITestOutputHelper _output;

    public OidcInBrowserTests(Fixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task InvitedAccount_SignsInThroughTheProvider_AndAnUnknownEmailIsRefused()
    {
        var email = $"kurator.{Guid.NewGuid():N}@skola.test";
        await _fixture.App.AddStaffAsync(email, "Kim Kurator", StaffRoles.Skolkurator);

        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "logga-in-oidc.png");
        await SignInAtTheProviderAsync(page, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Kim Kurator" })).ToBeVisibleAsync();
        Assert.StartsWith(_fixture.App.BaseAddress.ToString(), page.Url);
        await Evidence.ScreenshotAsync(_output, page, "oidc-inloggad.png");

        var stranger = await _fixture.NewPageAsync();
        await stranger.GotoAsync("/konto/logga-in");
        await SignInAtTheProviderAsync(stranger, $"okand.{Guid.NewGuid():N}@skola.test");
        await Assertions.Expect(stranger.GetByRole(AriaRole.Alert)).ToContainTextAsync("det finns inget aktivt konto i Närvaro");
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "Logga in", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(stranger);
        await Evidence.ScreenshotAsync(_output, stranger, "oidc-nekad.png");
    }

    [Fact]
    public async Task UnverifiedEmail_AndDeactivatedAccount_AreRefused_AndAudited()
    {
        var email = $"kurator.{Guid.NewGuid():N}@skola.test";
        var user = await _fixture.App.AddStaffAsync(email, "Kim Kurator", StaffRoles.Skolkurator);

        // The provider vouches for the address of an active account but says it is not verified (oidc-op.js: "overifierad.").
        var unverified = await _fixture.NewPageAsync();
        await unverified.GotoAsync("/konto/logga-in");
        await SignInAtTheProviderAsync(unverified, "overifierad." + email);
        await Assertions.Expect(unverified.GetByRole(AriaRole.Alert)).ToContainTextAsync("det finns inget aktivt konto i Närvaro");
        await Assertions.Expect(unverified.GetByRole(AriaRole.Heading, new() { Name = "Logga in", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(unverified);
        await Evidence.ScreenshotAsync(_output, unverified, "oidc-overifierad.png");
        await unverified.GotoAsync("/");
        Assert.Contains("/konto/logga-in", unverified.Url);

        // A verified address of a deactivated account.
        await _fixture.App.WithDatabaseAsync(async db =>
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedAtUtc, DateTime.UtcNow)));
        var deactivated = await _fixture.NewPageAsync();
        await deactivated.GotoAsync("/konto/logga-in");
        await SignInAtTheProviderAsync(deactivated, email);
        await Assertions.Expect(deactivated.GetByRole(AriaRole.Alert)).ToContainTextAsync("det finns inget aktivt konto i Närvaro");
        await AssertNoViolationsAsync(deactivated);
        await deactivated.GotoAsync("/");
        Assert.Contains("/konto/logga-in", deactivated.Url);

        var refusals = await _fixture.App.WithDatabaseAsync(db => db.AuditLog
            .Where(a => a.Action == Narvaro.Web.Features.Account.OidcController.RefusedAction).Select(a => new { a.UserId, a.Details }).ToListAsync());
        Assert.Contains(refusals, r => r.UserId == null && r.Details!.StartsWith("e-postadressen är inte verifierad"));
        Assert.Contains(refusals, r => r.UserId == user.Id && r.Details!.StartsWith("kontot avstängt eller låst"));
        var signedIn = await _fixture.App.WithDatabaseAsync(db => db.AuditLog
            .CountAsync(a => a.UserId == user.Id && a.Action == Narvaro.Web.Features.Account.OidcController.SignedInAction));
        Assert.Equal(0, signedIn);
    }

    /// <summary>Clicks the provider's button on our sign-in page, then fills in the provider's dev login and consent.</summary>
    private static async Task SignInAtTheProviderAsync(IPage page, string login)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med Skolfederation" }).ClickAsync();
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("vad-som-helst");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button[type=submit]").ClickAsync(); // consent: "Continue"
    }

    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }

    /// <summary>The app configured for the provider, the provider (node) on a free loopback port, and Chromium.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private const string ClientId = "narvaro";
        private const string ClientSecret = "en-hemlighet-for-testet";
        private readonly int _providerPort = FreePort();
        private Process? _provider;
        private IPlaywright? _playwright;
        private IBrowser _browser = null!;

        public KestrelAppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            App.Settings["Authentication:Oidc:Authority"] = $"http://127.0.0.1:{_providerPort}";
            App.Settings["Authentication:Oidc:ClientId"] = ClientId;
            App.Settings["Authentication:Oidc:ClientSecret"] = ClientSecret;
            App.Settings["Authentication:Oidc:DisplayName"] = "Skolfederation";
            App.Settings["Authentication:Oidc:RequireHttpsMetadata"] = "false";
            App.Start();
            await StartProviderAsync(new Uri(App.BaseAddress, "/signin-oidc").ToString());
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFixture.ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
        }

        public async Task<IPage> NewPageAsync()
        {
            var context = await _browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = App.BaseAddress.ToString(), BypassCSP = true, Locale = "sv-SE", ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
            });
            context.SetDefaultTimeout(90_000);
            context.SetDefaultNavigationTimeout(90_000);
            Assertions.SetDefaultExpectTimeout(30_000);
            // The provider's dev pages load a web font from the internet; there is none here.
            await context.RouteAsync("https://fonts.googleapis.com/**", route => route.AbortAsync());
            return await context.NewPageAsync();
        }

        private async Task StartProviderAsync(string redirectUri)
        {
            var tools = ToolsDirectory();
            if (!File.Exists(Path.Combine(tools, "node_modules", "oidc-provider", "package.json")))
                throw new InvalidOperationException("oidc-provider is missing in tests/tools. Run `bash tests/install-deps.sh`.");
            var start = new ProcessStartInfo("node", [Path.Combine(tools, "oidc-op.js"), _providerPort.ToString(), redirectUri, ClientId, ClientSecret])
            {
                WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            _provider = Process.Start(start)!;
            _provider.ErrorDataReceived += (_, _) => { };
            _provider.BeginErrorReadLine();
            var ready = await _provider.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (ready is null || !ready.Contains("listening")) throw new InvalidOperationException($"oidc-op.js did not start: {ready}");
        }

        private static string ToolsDirectory()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "Narvaro.sln"))) return Path.Combine(directory.FullName, "tests", "tools");
            throw new InvalidOperationException("Narvaro.sln was not found above the test output folder.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async Task DisposeAsync()
        {
            if (_browser is not null) await _browser.DisposeAsync();
            _playwright?.Dispose();
            if (_provider is { HasExited: false })
            {
                _provider.Kill();
                await _provider.WaitForExitAsync();
            }
            _provider?.Dispose();
            await App.DisposeAsync();
        }
    }
}
