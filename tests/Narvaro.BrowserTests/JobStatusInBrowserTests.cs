using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Demo;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The demo administrator opens "Nattkörningar" from the menu and sees the demo's evaluation runs (one per school day
/// of the demo period, as at start-up; nothing run by hand), newest first with the documents of the last night, and
/// the recurring jobs. axe-core finds no violation.
/// </summary>
public sealed class JobStatusInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string AdminEmail = "admin@sjovik.demo";

    [Fact]
    public async Task DemoAdmin_OpensNattkorningarFromTheMenu_AndSeesTheDemosRuns()
    {
        EvaluationRun newest;
        int runs;
        await using (var scope = chromium.App.Services.CreateAsyncScope())
        {
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoSeedOptions());
            await scope.ServiceProvider.GetRequiredService<DemoEvaluation>().RunAsync(seeded.From, seeded.To);
            var db = scope.ServiceProvider.GetRequiredService<Narvaro.Data.NarvaroDbContext>();
            runs = await db.EvaluationRuns.CountAsync();
            newest = await db.EvaluationRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
        }
        Assert.True(runs >= 30, $"The demo made {runs} runs (one per school day of its 30); the page shows the latest 30.");
        Assert.True(newest.DocumentsAttached > 0, "The demo's last night attached no documents.");

        var page = await chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(AdminEmail);
        await page.GetByLabel("Lösenord").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await menu.GetByRole(AriaRole.Link, new() { Name = "Nattkörningar", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nattkörningar", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith("/admin/jobb", page.Url);
        var table = page.GetByRole(AriaRole.Table, new() { Name = "De senaste 30 körningarna av utvärderingen, senaste först (högst 30)" });
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(30);
        var first = table.Locator("tbody tr").First;
        await Assertions.Expect(first.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(SwedishDates.Date(newest.AsOf));
        await Assertions.Expect(first.Locator("td").Nth(2)).ToHaveTextAsync("Demodata");
        await Assertions.Expect(first.Locator("td").Nth(3)).ToHaveTextAsync(newest.PupilsEvaluated.ToString());
        await Assertions.Expect(first.Locator("td").Nth(8)).ToHaveTextAsync(newest.DocumentsAttached.ToString());

        var jobs = page.GetByRole(AriaRole.Table, new() { Name = "Återkommande jobb, med nästa körning och hur den senaste gick" });
        await Assertions.Expect(jobs.GetByRole(AriaRole.Rowheader, new() { Name = "Nattlig utvärdering av trappan (med hämtning från SS 12000 när källor finns)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#hangfire-status")).ToContainTextAsync("Hangfire är inte igång");

        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        output.WriteLine($"axe: no violations on {page.Url}");
        await Evidence.ScreenshotAsync(output, page, "admin-nattkorningar.png");
    }
}
