using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The administrator's journey: menu "Personal" → "Ny medarbetare" (first with an error, then valid) → gives Skolkurator
/// at a school → "Skicka inbjudan" → the link shown (no SMTP). In a fresh browser the person opens the link, chooses a
/// password (first too short), signs in through the login form and sees their start page. The admin deactivates the
/// account and the person's next page load lands on the sign-in page. axe-core finds no violation on any state.
/// The steps are small methods so that a two-factor step can be added after "choose password".
/// </summary>
public sealed class StaffAdministrationInBrowserTests : IClassFixture<ChromiumFixture>
{
    private const string NewPassword = "tre-ord-som-minns-bra";
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public StaffAdministrationInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Admin_CreatesInvitesAndDeactivates_ThePersonChoosesAPasswordAndSignsIn()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"admin.{suffix}@skola.test";
        var personEmail = $"kim.{suffix}@skola.test";
        await _chromium.App.AddPupilsAsync("P1001");
        var admin = await _chromium.App.AddStaffAsync(adminEmail, "Ada Admin", StaffRoles.Admin);
        await _chromium.App.AssignAsync(admin, StaffRoles.Admin, "12345678");

        var adminPage = await _chromium.NewPageAsync();
        await SignInAsync(adminPage, adminEmail, KestrelAppFactory.Password, "Ada Admin");
        await OpenStaffListAsync(adminPage);
        await CreateStaffAsync(adminPage, "Kim Kurator", personEmail);
        await GrantAsync(adminPage, "Skolkurator", "Ekskolan");
        var link = await InviteAsync(adminPage);

        var personPage = await _chromium.NewPageAsync();
        await ChoosePasswordAsync(personPage, link, "Kim Kurator");
        await SignInAsync(personPage, personEmail, NewPassword, "Kim Kurator");
        await Evidence.ScreenshotAsync(_output, personPage, "personal-7-startsida.png");

        await DeactivateAsync(adminPage);
        await personPage.ReloadAsync();
        await Assertions.Expect(personPage.GetByRole(AriaRole.Heading, new() { Name = "Logga in", Level = 1 })).ToBeVisibleAsync();
        Assert.Contains("/konto/logga-in", personPage.Url);
        await AssertNoViolationsAsync(personPage);
        await Evidence.ScreenshotAsync(_output, personPage, "personal-9-utloggad.png");
    }

    private async Task SignInAsync(IPage page, string email, string password, string name)
    {
        if (!page.Url.Contains("/konto/logga-in")) await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Välkommen, {name}" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
    }

    private async Task OpenStaffListAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Personal" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Personal", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Ada Admin");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-1-lista.png");
    }

    private async Task CreateStaffAsync(IPage page, string name, string email)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny medarbetare" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ny medarbetare", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("E-postadress").FillAsync("kim-utan-snabel-a");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa konto" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Skriv en e-postadress med @");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-2-ny-fel.png");

        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa konto" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("har fått ett konto");
        await AssertNoViolationsAsync(page);
    }

    private async Task GrantAsync(IPage page, string role, string school)
    {
        await page.GetByLabel("Roll", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = role });
        await page.GetByLabel("Skola", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = school });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ge roll" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("är tilldelad");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Roller per skola" })).ToContainTextAsync(school);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-3-roll.png");
    }

    private async Task<string> InviteAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka inbjudan" }).ClickAsync();
        var link = page.Locator("#inbjudningslank");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-4-inbjudan.png");
        return (await link.GetAttributeAsync("href"))!;
    }

    private async Task ChoosePasswordAsync(IPage page, string link, string name)
    {
        // The person follows the link the admin handed them.
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välj lösenord", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"Hej {name}!")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await page.GetByLabel("Nytt lösenord").FillAsync("kort");
        await page.GetByLabel("Upprepa lösenordet").FillAsync("kort");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenord" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Lösenordet är för kort");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-5-losenord-fel.png");

        await page.GetByLabel("Nytt lösenord").FillAsync(NewPassword);
        await page.GetByLabel("Upprepa lösenordet").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenord" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ditt lösenord är valt");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-6-inloggning.png");
    }

    private async Task DeactivateAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Inaktivera konto" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kontot är inaktiverat");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Aktivera konto" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "personal-8-inaktiverat.png");
    }

    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
