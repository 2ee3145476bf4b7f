using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Leadership;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The demo skolchef follows "Översikt" in the menu, picks a month, sees the tables per school, the trend chart and the
/// SST follow-up, then downloads the term export as CSV and as Excel and the test reads both files. axe-core finds no
/// violation on any state shown.
/// </summary>
public sealed class SkolchefInBrowserTests : IClassFixture<ChromiumFixture>
{
    private const string SkolchefEmail = "skolchef@sjovik.demo";
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public SkolchefInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task DemoSkolchef_OpensTheOverview_PicksAMonth_AndDownloadsTheTermExport()
    {
        await using (var scope = _chromium.App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoSeedOptions());
            await scope.ServiceProvider.GetRequiredService<DemoEvaluation>().RunAsync(result.From, result.To);
        }
        var today = SwedishTime.Today(TimeProvider.System);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var chosen = lastMonth.AddMonths(-1);
        var chosenLabel = chosen.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("sv-SE"));

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(SkolchefEmail);
        await page.GetByLabel("Lösenord").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Översikt", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Översikt för skolchef");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "skolchef-oversikt.png");

        await page.GetByLabel("Månad", new() { Exact = true }).SelectOptionAsync(chosen.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa månaden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Översikt för skolchef – {chosenLabel}");
        var perSchool = page.GetByRole(AriaRole.Table, new() { Name = "Elever, öppna ärenden per steg" });
        await Assertions.Expect(perSchool).ToBeVisibleAsync();
        await Assertions.Expect(perSchool.GetByRole(AriaRole.Rowheader)).Not.ToHaveCountAsync(0);
        await Assertions.Expect(perSchool.GetByRole(AriaRole.Rowheader, new() { Name = "Totalt" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Andel elever med mer än 10, 15 och 20 procent frånvaro" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Elever med frånvaro över 10, 15 och 20 %" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Remisser till skolsociala teamet" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "skolchef-vald-manad.png");

        var term = Term.Of(chosen);
        await page.GetByLabel("Termin", new() { Exact = true }).SelectOptionAsync(term.Code);
        var csv = await DownloadAsync(page, "Hämta CSV", $"franvaro-{term.Code}.csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', TermExport.Columns), lines[0]);
        Assert.True(lines.Length > 1, "The term export has no pupil.");
        Assert.All(lines.Skip(1), l => Assert.Contains($";{term.Code};", l));

        var xlsx = await DownloadAsync(page, "Hämta Excel (xlsx)", $"franvaro-{term.Code}.xlsx");
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        using var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var rows = XDocument.Load(sheet).Descendants(ns + "row").ToList();
        Assert.Equal(lines.Length, rows.Count);
        Assert.Equal(TermExport.Columns, rows[0].Elements(ns + "c").Select(c => (string)c.Element(ns + "is")!.Element(ns + "t")!));
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "skolchef-export.png");
        _output.WriteLine($"term export {term.Code}: {lines.Length - 1} pupils");
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string button, string expectedName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
        Assert.Equal(expectedName, download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-browser-{Guid.NewGuid():N}-{expectedName}");
        await download.SaveAsAsync(path);
        try { return await File.ReadAllBytesAsync(path); }
        finally { File.Delete(path); }
    }

    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
