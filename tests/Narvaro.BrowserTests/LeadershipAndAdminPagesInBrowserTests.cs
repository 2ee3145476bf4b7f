using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The header menu leads each role to its pages: the administrator to the SS 12000 page, the rector to the monthly
/// report to the skolchef, downloaded as a real PDF and read back with pdftotext.
/// </summary>
public sealed class LeadershipAndAdminPagesInBrowserTests : IClassFixture<ChromiumFixture>
{
    private const string SchoolUnitCode = "12345678";

    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public LeadershipAndAdminPagesInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    private async Task<IPage> LogInAsync(string role, string displayName)
    {
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@skola.test";
        var user = await _chromium.App.AddStaffAsync(email, displayName, role);
        if (!await _chromium.App.WithDatabaseAsync(db => db.Schools.AnyAsync(s => s.SchoolUnitCode == SchoolUnitCode)))
            await _chromium.App.AddPupilsAsync("R1001", "R1002");
        await _chromium.App.AssignAsync(user, role, SchoolUnitCode);

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Välkommen, {displayName}" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Admin_OpensSs12000FromTheMenu_SeesTheSourceWithoutItsSecret_AndStartsAFetch()
    {
        var page = await LogInAsync(StaffRoles.Admin, "Ada Admin");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Månadsrapporter" })).ToHaveCountAsync(0);

        await menu.GetByRole(AriaRole.Link, new() { Name = "SS 12000" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hämta från skoladministrativt system (SS 12000)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = KestrelAppFactory.Ss12000SourceName, Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(KestrelAppFactory.Ss12000Secret, await page.ContentAsync());
        _output.WriteLine($"axe SS 12000: {(await Axe.AssertNoSeriousViolationsAsync(page)).Count} minor/moderate violation(s)");

        await page.GetByLabel("Från och med").FillAsync("2026-09-01");
        await page.GetByLabel("Till och med").FillAsync("2026-09-07");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hämta nu" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2026-09-01");
        await Evidence.ScreenshotAsync(_output, page, "ss12000.png");
    }

    [Fact]
    public async Task Rector_DownloadsTheMonthlyReportFromTheMenu_APdfListingThePupilAbove20Percent()
    {
        var page = await LogInAsync(StaffRoles.Rektor, "Rut Rektor");
        // The newest report on the page is last month's; give pupil R1001 half of every lesson absent in that month.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await AddHalfAbsentMonthAsync("R1001", month);

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "SS 12000" })).ToHaveCountAsync(0);
        await menu.GetByRole(AriaRole.Link, new() { Name = "Månadsrapporter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Månadsrapporter till skolchef" })).ToBeVisibleAsync();
        _output.WriteLine($"axe monthly reports: {(await Axe.AssertNoSeriousViolationsAsync(page)).Count} minor/moderate violation(s)");
        var label = month.ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("sv-SE"));
        var links = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link);
        await Assertions.Expect(links).ToHaveCountAsync(12);
        await Assertions.Expect(links.First).ToHaveTextAsync($"Månadsrapport {label} (PDF)");
        var download = await page.RunAndWaitForDownloadAsync(() => links.First.ClickAsync());

        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-browser-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            var text = Evidence.PdfText(path);
            Assert.Contains("Månadsrapport till skolchef", text);
            Assert.Contains("Ekskolan", text);
            Assert.Contains("Elev R1001", text);
            Assert.DoesNotContain("Elev R1002", text);
        }
        finally
        {
            File.Delete(path);
        }

        var audit = await _chromium.App.WithDatabaseAsync(db => db.AuditLog.Where(a => a.Action == "Dokument hämtat").ToListAsync());
        Assert.Single(audit);
    }

    private Task<int> AddHalfAbsentMonthAsync(string externalId, DateOnly month) =>
        _chromium.App.WithDatabaseAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.ExternalId == externalId);
            for (var day = month; day.Month == month.Month; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupil.Id, Date = day, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60,
                    Subject = "Matematik", AbsentMinutes = 30, Type = AttendanceType.Invalid,
                });
            }
            return await db.SaveChangesAsync();
        });

}
