using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Data;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Web.Tests.Account;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// Issue #12's journey as worded: the demo municipality's policy requires two-factor sign-in for Admin, Rektor and the
/// EHT roles. The demo administrator (who has set up their app) signs in with password and code, opens Personal from the
/// menu, creates a member of staff, makes her Rektor at a school and sends an invitation, whose link is shown (no SMTP).
/// In a fresh browser context the new rector opens the link, chooses a password, signs in, is sent to set up two-factor
/// sign-in (QR code and key), types the code her app would show (RFC 6238, computed here from the key on the page),
/// signs out and signs in again with password and code, and reaches her start page. axe-core finds no violation on any
/// page shown; each step leaves a screenshot (inbjudan-2fa-*.png).
/// </summary>
public sealed class InvitationToTwoFactorInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string StaffDomain = "sjovik.demo";
    private const string AdminEmail = "admin@" + StaffDomain;
    private const string NewPassword = "fyra-ord-som-rektorn-minns";
    private const string RectorName = "Rebecka Rektorsson";

    private sealed record Demo(string AdminName, string AdminKey, string SchoolName);

    /// <summary>The demo municipality, its policy requiring two-factor sign-in, and its administrator's app set up.</summary>
    private async Task<Demo> DemoAsync()
    {
        await using var scope = chromium.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoSeedOptions { Pupils = 60 });
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var organisation = await db.Organisations.SingleAsync();
        organisation.Policy.RequireTwoFactor = true;
        await db.SaveChangesAsync();
        var school = await db.Schools.Where(s => s.OrganisationId == organisation.Id).OrderBy(s => s.Name).Select(s => s.Name).FirstAsync();

        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admin = (await users.FindByEmailAsync(AdminEmail))!;
        await users.ResetAuthenticatorKeyAsync(admin);
        await users.SetTwoFactorEnabledAsync(admin, true);
        var key = (await users.GetAuthenticatorKeyAsync(admin))!;
        return new Demo(admin.DisplayName, key, school);
    }

    [Fact]
    public async Task DemoAdmin_InvitesARector_WhoChoosesAPassword_SetsUpTwoFactor_AndSignsInWithPasswordAndCode()
    {
        var demo = await DemoAsync();
        var rectorEmail = $"rebecka.{Guid.NewGuid().ToString("N")[..8]}@{StaffDomain}";

        // The administrator: password, then the code from their app.
        var adminPage = await chromium.NewPageAsync();
        await adminPage.GotoAsync("/konto/logga-in");
        await SignInAsync(adminPage, AdminEmail, DemoSeeder.DemoPassword, demo.AdminKey, demo.AdminName, "inbjudan-2fa-01-admin-kod.png");
        await Evidence.ScreenshotAsync(output, adminPage, "inbjudan-2fa-02-admin-startsida.png");

        // Personal → Ny medarbetare → Rektor at a school → Skicka inbjudan.
        await adminPage.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Personal" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Personal", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(adminPage);
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Ny medarbetare" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Ny medarbetare", Level = 1 })).ToBeVisibleAsync();
        await adminPage.GetByLabel("Namn").FillAsync(RectorName);
        await adminPage.GetByLabel("E-postadress").FillAsync(rectorEmail);
        await AssertNoViolationsAsync(adminPage);
        await Evidence.ScreenshotAsync(output, adminPage, "inbjudan-2fa-03-ny-medarbetare.png");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Skapa konto" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = RectorName, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToContainTextAsync("har fått ett konto");
        await AssertNoViolationsAsync(adminPage);

        await adminPage.GetByLabel("Roll", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Rektor" });
        await adminPage.GetByLabel("Skola", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = demo.SchoolName });
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Ge roll" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToContainTextAsync("är tilldelad");
        var roles = adminPage.GetByRole(AriaRole.Table, new() { Name = "Roller per skola" });
        await Assertions.Expect(roles).ToContainTextAsync("Rektor");
        await Assertions.Expect(roles).ToContainTextAsync(demo.SchoolName);
        await AssertNoViolationsAsync(adminPage);
        await Evidence.ScreenshotAsync(output, adminPage, "inbjudan-2fa-04-rektor-tilldelad.png");

        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Skicka inbjudan" }).ClickAsync();
        var linkElement = adminPage.Locator("#inbjudningslank");
        await Assertions.Expect(linkElement).ToBeVisibleAsync();
        await AssertNoViolationsAsync(adminPage);
        await Evidence.ScreenshotAsync(output, adminPage, "inbjudan-2fa-05-lank.png");
        var link = (await linkElement.GetAttributeAsync("href"))!;
        Assert.Contains("/konto/inbjudan/", link);

        // The new rector, in a browser context of her own (no cookie of the admin's).
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välj lösenord", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"Hej {RectorName}!")).ToBeVisibleAsync();
        await page.GetByLabel("Nytt lösenord").FillAsync(NewPassword);
        await page.GetByLabel("Upprepa lösenordet").FillAsync(NewPassword);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(output, page, "inbjudan-2fa-06-valj-losenord.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenord" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ditt lösenord är valt");
        await AssertNoViolationsAsync(page);

        // Password only: the policy sends her to set up two-factor sign-in before anything else.
        await page.GetByLabel("E-postadress").FillAsync(rectorEmail);
        await page.GetByLabel("Lösenord").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tvåstegsverifiering", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Din huvudman kräver tvåstegsverifiering för din roll")).ToBeVisibleAsync();
        Assert.EndsWith("/konto/tvastegsverifiering", page.Url);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(output, page, "inbjudan-2fa-07-kravs.png");
        // Her start page is out of reach until she has set it up.
        await page.GotoAsync("/");
        Assert.EndsWith("/konto/tvastegsverifiering", page.Url);

        await page.GetByRole(AriaRole.Link, new() { Name = "Aktivera tvåstegsverifiering" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aktivera tvåstegsverifiering", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR-kod med nyckeln för Närvaro" })).ToBeVisibleAsync();
        var key = await page.Locator("#nyckel").InnerTextAsync();
        Assert.Matches("^([a-z2-7]{4} ?)+$", key);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(output, page, "inbjudan-2fa-08-qr-kod.png");
        await page.GetByLabel("Kod från appen").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekräfta och aktivera" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tvåstegsverifiering är aktiverad");
        await Assertions.Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(output, page, "inbjudan-2fa-09-reservkoder.png");

        // Signs out and in again: password, then the code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logga in", Level = 1 })).ToBeVisibleAsync();
        await SignInAsync(page, rectorEmail, NewPassword, key, RectorName, "inbjudan-2fa-10-rektor-kod.png");
        await Evidence.ScreenshotAsync(output, page, "inbjudan-2fa-11-rektor-startsida.png");
        await page.GotoAsync("/konto/tvastegsverifiering");
        await Assertions.Expect(page.Locator("p.lead")).ToContainTextAsync("aktiverad");
    }

    /// <summary>Password, then the code step with the code the person's app shows, to the start page.</summary>
    private async Task SignInAsync(IPage page, string email, string password, string key, string name, string codeScreenshot)
    {
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Skriv din kod", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Engångskod eller reservkod").FillAsync(Totp.Code(key));
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(output, page, codeScreenshot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Välkommen, {name}" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
    }

    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        output.WriteLine($"axe: no violations on {page.Url}");
    }
}
