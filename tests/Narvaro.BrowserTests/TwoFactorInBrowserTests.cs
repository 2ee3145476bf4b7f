using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Narvaro.Web.Tests.Account;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// A rector turns on two-factor sign-in from the header link: reads the key on the page, types the code the app would
/// show (computed here from that key), keeps the recovery codes, signs out and signs in again with password and code.
/// axe-core finds no violation on any page state.
/// </summary>
public sealed class TwoFactorInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public TwoFactorInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Rector_EnablesTwoFactor_SignsOut_AndSignsInWithPasswordAndCode()
    {
        var email = $"rektor.{Guid.NewGuid():N}@skola.test";
        var rector = await _chromium.App.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor);
        await _chromium.App.AddPupilsAsync("T1001");
        await _chromium.App.AssignAsync(rector, StaffRoles.Rektor, "12345678");

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await SignInWithPasswordAsync(page, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Rut Rektor" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Tvåstegsverifiering" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tvåstegsverifiering", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "tvastegsverifiering-av.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Aktivera tvåstegsverifiering" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktivera tvåstegsverifiering", Level = 1 })).ToBeVisibleAsync();
        var key = await page.Locator("#nyckel").InnerTextAsync();
        Assert.Matches("^([a-z2-7]{4} ?)+$", key);
        await Assertions.Expect(page.Locator("#otpauth")).ToContainTextAsync("otpauth://totp/");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "tvastegsverifiering-aktivera.png");

        // A wrong code first: the error summary and the message at the field.
        await page.GetByLabel("Kod från appen").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(-10)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekräfta och aktivera" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Koden stämmer inte");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "tvastegsverifiering-fel-kod.png");

        await page.GetByLabel("Kod från appen").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekräfta och aktivera" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tvåstegsverifiering är aktiverad");
        await Assertions.Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "tvastegsverifiering-reservkoder.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await SignInWithPasswordAsync(page, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Skriv din kod", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "logga-in-kod.png");
        await page.GetByLabel("Engångskod eller reservkod").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Rut Rektor" })).ToBeVisibleAsync();
    }

    private static async Task SignInWithPasswordAsync(IPage page, string email)
    {
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
    }

    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
