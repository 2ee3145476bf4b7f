using Microsoft.Playwright;

namespace Narvaro.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver (never `playwright install`), headless, with the
/// flags that make it start quietly in a container. Missing Chromium fails the tests with what to do.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("NARVARO_CHROMIUM") ?? "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public KestrelAppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. Run `bash tests/install-deps.sh` (installs Debian's chromium) " +
                "or set NARVARO_CHROMIUM to a Chromium binary.");
        _playwright = await Playwright.CreateAsync();
        // Playwright creates a fresh temporary profile (user-data-dir) for each launch.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
        });
        App.Start();
    }

    /// <summary>A new page in its own context (own cookies). CSP is bypassed only so axe-core can be injected.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            BypassCSP = true,
            Locale = "sv-SE",
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        // CI shares two cores with the build and the other test projects; the first request of each page pays for JIT.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
