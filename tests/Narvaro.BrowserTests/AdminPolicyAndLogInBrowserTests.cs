using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The administrator's journey: sign in, menu "Policy", set the step-3 threshold above step 4 and see the message at
/// the field and in the summary, correct it, save and see the change in the history; then menu "Logg", filter by
/// action and download the CSV. axe-core finds no violation on any of these states.
/// </summary>
public sealed class AdminPolicyAndLogInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public AdminPolicyAndLogInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Admin_ChangesTheStep3Threshold_ThenFiltersTheLogAndDownloadsTheCsv()
    {
        var email = $"admin.{Guid.NewGuid():N}@skola.test";
        var admin = await _chromium.App.AddStaffAsync(email, "Ada Admin", StaffRoles.Admin);
        await _chromium.App.AddPupilsAsync("P1001");
        await _chromium.App.AssignAsync(admin, StaffRoles.Admin, "12345678");

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Ada Admin" })).ToBeVisibleAsync();

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await menu.GetByRole(AriaRole.Link, new() { Name = "Policy", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Policy för Testkommun", Level = 1 })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "admin-policy.png");

        var step3 = page.GetByLabel("Steg 3: checklista (bilaga 1) vid minst (%)");
        await step3.FillAsync("16");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara policyn" }).ClickAsync();
        const string message = "Gränsen för EHT (steg 4) måste vara högre än gränsen för checklista (steg 3).";
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Policyn kunde inte sparas");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link, new() { Name = message })).ToHaveAttributeAsync("href", "#ChecklistThresholdPercent");
        await Assertions.Expect(page.Locator("#ChecklistThresholdPercent-fel")).ToHaveTextAsync(message);
        await Assertions.Expect(step3).ToHaveValueAsync("16");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "admin-policy-fel.png");

        await page.GetByLabel("Steg 3: checklista (bilaga 1) vid minst (%)").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara policyn" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Policyn är sparad.");
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Ändringar av policyn, senaste först" });
        await Assertions.Expect(history).ToContainTextAsync("Gräns för steg 3: 10 % → 12 %");
        await Assertions.Expect(history).ToContainTextAsync("Ada Admin");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "admin-policy-sparad.png");

        await menu.GetByRole(AriaRole.Link, new() { Name = "Logg", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logg", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#kedjan")).ToContainTextAsync("Kedjan är hel:");
        await AssertNoViolationsAsync(page);
        await page.GetByLabel("Händelse").SelectOptionAsync("Policy ändrad");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrera" }).ClickAsync();
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Assertions.Expect(table).ToContainTextAsync("Gräns för steg 3: 10 % → 12 %");
        Assert.Contains("handelse=Policy", page.Url);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "admin-logg-filtrerad.png");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ner som CSV (1 poster)" }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-logg-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Post;Tid (UTC);Person;E-post;Händelse;Elev-id;Elev;Skola;Detaljer", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(";Ada Admin;" + email + ";Policy ändrad;", lines[1]);
    }

    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
