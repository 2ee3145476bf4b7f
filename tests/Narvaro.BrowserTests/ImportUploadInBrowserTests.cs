using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>An administrator signs in through the real login form and imports attendance in Chromium.</summary>
public sealed class ImportUploadInBrowserTests : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string AttendanceHeader = "elev_id;datum;start;slut;amne;franvaro_min;typ";
    private static readonly string[] Pupils = ["B1001", "B1002"];

    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;
    private string _adminEmail = "";

    public ImportUploadInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        _adminEmail = $"admin.{Guid.NewGuid():N}@skola.test";
        var admin = await _chromium.App.AddStaffAsync(_adminEmail, "Ada Admin", StaffRoles.Admin);
        var hasPupils = await _chromium.App.WithDatabaseAsync(db => db.Pupils.AnyAsync(p => p.ExternalId == Pupils[0]));
        if (!hasPupils) await _chromium.App.AddPupilsAsync(Pupils);
        await _chromium.App.AssignAsync(admin, StaffRoles.Admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IPage> LoggedInAdminAsync()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(_adminEmail);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Ada Admin" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Uploads through the form and returns the upload id from the preview's address.</summary>
    private static async Task<string> UploadAsync(IPage page, string kindLabel, string fileName, string csv)
    {
        await page.GotoAsync("/admin/import");
        await page.GetByRole(AriaRole.Radio, new() { Name = kindLabel }).CheckAsync();
        await page.GetByLabel("CSV-fil").SetInputFilesAsync(new FilePayload
        {
            Name = fileName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ladda upp och förhandsgranska" }).ClickAsync();
        try
        {
            // Poll the address rather than WaitForURL, which also waits for a load event it can miss on a redirect.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/import/forhandsgranska/[0-9a-f]{32}$"));
        }
        catch (PlaywrightException ex)
        {
            // Say where the browser ended up instead, so a failure in CI can be understood from the log alone.
            var text = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no main)");
            throw new TimeoutException($"No preview after uploading {fileName}; the browser is at {page.Url} showing: {text}", ex);
        }
        return page.Url[^32..];
    }

    private string[] StoredFiles(string uploadId) => Directory.GetFiles(_chromium.App.UploadPath, uploadId + ".*");

    private static async Task ExpectFactAsync(IPage page, string label, string value) =>
        await Assertions.Expect(page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = label, Exact = true }) })
            .Locator("td")).ToHaveTextAsync(value);

    private void Report(string pageName, IReadOnlyList<Axe.Violation> violations) =>
        _output.WriteLine($"axe {pageName}: {violations.Count} minor/moderate violation(s){string.Concat(violations.Select(v => "\n  " + v))}");

    [Fact]
    public async Task LoginPage_HasNoSeriousAccessibilityViolations()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");

        Report("login", await Axe.AssertNoSeriousViolationsAsync(page));
    }

    [Fact]
    public async Task Admin_UploadsAttendance_SeesPreview_Commits_AndRowsAreInTheDatabase()
    {
        var page = await LoggedInAdminAsync();
        await page.GotoAsync("/admin/import");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Vilken fil laddar du upp?" })).ToBeVisibleAsync();
        Report("import form", await Axe.AssertNoSeriousViolationsAsync(page));
        var before = await _chromium.App.WithDatabaseAsync(db => db.Attendance.CountAsync());

        var uploadId = await UploadAsync(page, "Närvaro", "narvaro-vecka-36.csv", string.Join("\n",
            AttendanceHeader,
            "B1001;2026-09-01;08:00;09:00;Matematik;0;narvarande",
            "B1001;2026-09-02;08:00;09:00;Svenska;;ogiltig",
            "B1002;2026-09-03;09:15;10:00;Engelska;12;sen",
            "B1002;2026-09-04;10:15;11:00;Idrott;;giltig"));

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Förhandsgranska import: Närvaro" })).ToBeVisibleAsync();
        await ExpectFactAsync(page, "Rader", "4");
        await ExpectFactAsync(page, "Elever", "2");
        await ExpectFactAsync(page, "Datum", "2026-09-01 – 2026-09-04");
        await ExpectFactAsync(page, "Nya rader (läggs till)", "4");
        await ExpectFactAsync(page, "Ersatta rader (finns redan och skrivs över)", "0");
        Report("preview", await Axe.AssertNoSeriousViolationsAsync(page));
        await Evidence.ScreenshotAsync(_output, page, "import-preview.png");
        Assert.Equal(before, await _chromium.App.WithDatabaseAsync(db => db.Attendance.CountAsync()));
        Assert.Equal(2, StoredFiles(uploadId).Length);

        await page.GetByRole(AriaRole.Button, new() { Name = "Importera", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/import/klar$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Importen är klar" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Närvaro från narvaro-vecka-36.csv är importerade.");
        Report("done", await Axe.AssertNoSeriousViolationsAsync(page));
        await Evidence.ScreenshotAsync(_output, page, "import-done.png");
        var rows = await _chromium.App.WithDatabaseAsync(db => db.Attendance
            .Where(a => a.Pupil!.ExternalId == "B1001" || a.Pupil!.ExternalId == "B1002")
            .OrderBy(a => a.Date).Select(a => new { a.Pupil!.ExternalId, a.Date, a.AbsentMinutes }).ToListAsync());
        Assert.Equal(4, rows.Count);
        Assert.Equal(("B1002", new DateOnly(2026, 9, 3), 12), (rows[2].ExternalId, rows[2].Date, rows[2].AbsentMinutes));
        Assert.Empty(StoredFiles(uploadId));
    }

    [Fact]
    public async Task Admin_UploadsBadFile_SeesLineNumberedSwedishErrors_AndNoCommitButton()
    {
        var page = await LoggedInAdminAsync();
        var before = await _chromium.App.WithDatabaseAsync(db => db.Attendance.CountAsync());

        var uploadId = await UploadAsync(page, "Närvaro", "fel.csv", string.Join("\n",
            AttendanceHeader,
            "B1001;2026-09-07;08:00;09:00;Matematik;0;narvarande",
            "E9999;2026-09-07;08:00;09:00;Matematik;0;narvarande",
            "B1002;2026-09-31;08:00;09:00;Svenska;0;narvarande"));

        var errors = page.Locator(".import-errors li");
        await Assertions.Expect(errors).ToHaveTextAsync([
            "Rad 3: okänd elev: elev_id \"E9999\" finns inte. Importera elevfilen först.",
            "Rad 4: ogiltigt datum \"2026-09-31\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01).",
        ]);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Filen har 2 fel. Ingenting har ändrats i databasen.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Importera", Exact = true })).ToHaveCountAsync(0);
        Report("preview with errors", await Axe.AssertNoSeriousViolationsAsync(page));
        await Evidence.ScreenshotAsync(_output, page, "import-errors.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Avbryt och välj en annan fil" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Importen är avbruten. Ingenting har ändrats i databasen.");
        Assert.Equal(before, await _chromium.App.WithDatabaseAsync(db => db.Attendance.CountAsync()));
        Assert.Empty(StoredFiles(uploadId));
    }

    [Theory]
    [InlineData(100 * 1024)] // over the file limit, within the request limit: Kestrel reads the body
    [InlineData(400 * 1024)] // over the request limit too: refused from Content-Length without reading it
    public async Task Admin_UploadsTooLargeFile_SeesSwedishMessageOnTheForm_AndNothingIsStored(int size)
    {
        var page = await LoggedInAdminAsync();
        await page.GotoAsync("/admin/import");
        var storedBefore = Directory.Exists(_chromium.App.UploadPath) ? Directory.GetFiles(_chromium.App.UploadPath).Length : 0;
        var line = "B1001;2026-09-01;08:00;09:00;Matematik;0;narvarande\n";
        var csv = AttendanceHeader + "\n" + string.Concat(Enumerable.Repeat(line, size / line.Length + 1));

        await page.GetByRole(AriaRole.Radio, new() { Name = "Närvaro" }).CheckAsync();
        await page.GetByLabel("CSV-fil").SetInputFilesAsync(new FilePayload
        {
            Name = "stor.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ladda upp och förhandsgranska" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(
            "Filen är för stor. Den största fil som kan laddas upp är 64 kB. Ingenting har sparats.");
        await Assertions.Expect(page.GetByLabel("CSV-fil")).ToBeVisibleAsync();
        var storedAfter = Directory.Exists(_chromium.App.UploadPath) ? Directory.GetFiles(_chromium.App.UploadPath).Length : 0;
        Assert.Equal(storedBefore, storedAfter);
    }
}
