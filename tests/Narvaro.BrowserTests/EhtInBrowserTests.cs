using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Escalation;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The EHT prepares and holds a meeting in the browser, on the demo municipality: the demo kurator follows "EHT" in the
/// menu to the agenda of the next meeting, opens a case's evaluation, submits it empty (errors), fills it in and sees it
/// recorded and the case gone from the agenda; the demo rector adds a meeting date. axe-core finds no violation on any
/// state.
/// </summary>
public sealed class EhtInBrowserTests : IClassFixture<ChromiumFixture>
{
    private const string KuratorEmail = "kurator.bjorkskolan@sjovik.demo";
    private const string RectorEmail = "rektor.bjorkskolan@sjovik.demo";

    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public EhtInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task DemoKurator_HoldsTheNextMeetingsEvaluation_AndTheRectorAddsAMeetingDate()
    {
        await using (var scope = _chromium.App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoSeedOptions());
            await scope.ServiceProvider.GetRequiredService<DemoEvaluation>().RunAsync(result.From, result.To);
        }
        var today = SwedishTime.Today(TimeProvider.System);

        var page = await _chromium.NewPageAsync();
        await SignInAsync(page, KuratorEmail);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await menu.GetByRole(AriaRole.Link, new() { Name = "EHT", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "EHT – Björkskolan", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dagordning för nästa EHT-möte" })).ToBeVisibleAsync();
        var agenda = page.GetByRole(AriaRole.Table, new() { Name = "Dagordning" });
        var rows = agenda.GetByRole(AriaRole.Rowheader);
        var before = await rows.CountAsync();
        Assert.True(before > 0, "The demo's next EHT meeting has no case on its agenda.");
        var pupil = (await rows.First.Locator(".pupil-name").InnerTextAsync()).Trim();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eht-dagordning.png");

        await agenda.GetByRole(AriaRole.Link, new() { Name = $"Utvärdera ärendet för {pupil}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"EHT-utvärdering: {pupil}", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Frånvaro sedan" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);

        await page.GetByLabel("Datum för utvärderingen").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera utvärderingen" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Utvärderingen kunde inte sparas");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(5);
        await Assertions.Expect(summary).ToContainTextAsync("Skriv vad nästa steg är.");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eht-utvardering-fel.png");

        await page.GetByLabel("Datum för utvärderingen").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Deltagare").FillAsync("Rektor, skolkurator, specialpedagog, skolsköterska");
        await page.GetByLabel("Vad som prövats").FillAsync("Anpassad studiegång och samtal med kurator varje vecka.");
        await page.GetByLabel("Effekt").FillAsync("Frånvaron har minskat sedan ärendet öppnades.");
        await page.GetByLabel("Nästa steg").FillAsync("Fortsatta insatser, ny utvärdering på nästa EHT.");
        await Evidence.ScreenshotAsync(_output, page, "eht-utvardering-ifylld.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera utvärderingen" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"EHT-utvärderingen av ärendet för {pupil} är registrerad.");
        if (before == 1)
            await Assertions.Expect(page.GetByText("Inga ärenden ska utvärderas på mötet")).ToBeVisibleAsync();
        else
            await Assertions.Expect(agenda.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(before - 1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Utvärdera ärendet för {pupil}", Exact = true })).ToHaveCountAsync(0);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eht-efter-utvardering.png");
        var recorded = await _chromium.App.WithDatabaseAsync(db => db.EhtEvaluations.Include(e => e.Case).SingleAsync());
        Assert.Equal("Fortsatta insatser, ny utvärdering på nästa EHT.", recorded.NextStep);
        Assert.False(await _chromium.App.WithDatabaseAsync(db =>
            db.Tasks.AnyAsync(t => t.CaseId == recorded.CaseId && t.Code == TaskCatalog.S4Eht && t.Status == CaseTaskStatus.Open)));

        // The rector sets a new meeting date (a Wednesday: never one of the demo's Tuesdays).
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await SignInAsync(page, RectorEmail);
        await menu.GetByRole(AriaRole.Link, new() { Name = "EHT", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "EHT – Björkskolan", Level = 1 })).ToBeVisibleAsync();
        var date = today.AddDays(1);
        while (date.DayOfWeek != DayOfWeek.Wednesday) date = date.AddDays(1);
        await page.GetByLabel("Nytt mötesdatum").FillAsync(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till mötet" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"EHT-mötet {SwedishDates.Date(date)} är inlagt.");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Kommande EHT-möten" })).ToContainTextAsync(SwedishDates.Date(date));
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eht-rektor-moten.png");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen" })).ToBeVisibleAsync();
    }

    /// <summary>Every violation axe-core reports (WCAG 2.1 A/AA rules and best practices alike) fails the test.</summary>
    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
