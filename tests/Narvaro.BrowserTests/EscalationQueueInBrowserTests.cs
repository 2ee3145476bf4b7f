using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.Access;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Narvaro.Escalation;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The rector's morning: sign in, open Eskaleringskö from the menu, filter to the cases with overdue tasks and see the
/// M case first (it must always be reported), with the deadline clock in words. axe-core finds no violation.
/// </summary>
public sealed class EscalationQueueInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public EscalationQueueInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Rector_FiltersTheQueueToOverdue_AndSeesTheMCaseFirst()
    {
        var email = $"rektor.{Guid.NewGuid():N}@skola.test";
        var rector = await _chromium.App.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor);
        var mentor = await _chromium.App.AddStaffAsync($"mentor.{Guid.NewGuid():N}@skola.test", "Maja Mentor", StaffRoles.Mentor);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
        await _chromium.App.WithDatabaseAsync(async db =>
        {
            var organisation = new Organisation { Name = "Sjöviks kommun" };
            var school = new School { Organisation = organisation, Name = "Björkskolan", SchoolUnitCode = "87654321" };
            var other = new School { Organisation = organisation, Name = "Ekskolan", SchoolUnitCode = "87654322" };
            var class7A = new SchoolClass { School = school, Name = "7A" };
            var class8B = new SchoolClass { School = school, Name = "8B" };
            var class9C = new SchoolClass { School = other, Name = "9C" };
            Pupil Pupil(string id, string first, string last, SchoolClass schoolClass) => new()
            {
                ExternalId = id, FirstName = first, LastName = last, GradeLevel = "7", School = schoolClass.School!, Class = schoolClass, MentorId = mentor.Id,
            };
            var alva = Pupil("Q1001", "Alva", "Lind", class7A);
            var bruno = Pupil("Q1002", "Bruno", "Ek", class8B);
            var cora = Pupil("Q1003", "Cora", "Berg", class7A);
            var dana = Pupil("Q1004", "Dana", "Holm", class8B);
            var elsewhere = Pupil("Q2001", "Erik", "Annanskola", class9C);
            db.Pupils.AddRange(alva, bruno, cora, dana, elsewhere);
            for (var day = today.AddDays(-30); day < today; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                foreach (var (pupil, type) in new[] { (alva, AttendanceType.Invalid), (bruno, day.Day % 3 == 0 ? AttendanceType.Valid : AttendanceType.Present),
                             (cora, day.Day % 4 == 0 ? AttendanceType.Valid : AttendanceType.Present), (dana, day.Day % 5 == 0 ? AttendanceType.Valid : AttendanceType.Present) })
                    db.Attendance.Add(new AttendanceRecord
                    {
                        Pupil = pupil, Date = day, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60, Subject = "Svenska",
                        AbsentMinutes = type == AttendanceType.Present ? 0 : 60, Type = type,
                    });
            }
            var mCase = new AbsenceCase { Pupil = alva, OpenedOn = today.AddDays(-16), Step = 0, ContinuousInvalid = true };
            var step5 = new AbsenceCase { Pupil = bruno, OpenedOn = today.AddDays(-9), Step = 5 };
            var step3 = new AbsenceCase { Pupil = cora, OpenedOn = today.AddDays(-6), Step = 3, LateLevel = 1 };
            var step4 = new AbsenceCase { Pupil = dana, OpenedOn = today.AddDays(-3), Step = 4 };
            var otherCase = new AbsenceCase { Pupil = elsewhere, OpenedOn = today.AddDays(-30), Step = 5, ContinuousInvalid = true };
            db.Cases.AddRange(mCase, step5, step3, step4, otherCase);
            db.Tasks.AddRange(
                new CaseTask { Pupil = alva, Case = mCase, Code = TaskCatalog.MReport, Role = "Rektor", RaisedOn = today.AddDays(-16), Due = today.AddDays(-15) },
                new CaseTask { Pupil = bruno, Case = step5, Code = TaskCatalog.S5Skolchef, Role = "Rektor", RaisedOn = today.AddDays(-9), Due = today.AddDays(-2) },
                new CaseTask { Pupil = bruno, Case = step5, Code = TaskCatalog.S5Sst, Role = "Rektor", RaisedOn = today.AddDays(-9), Due = today.AddDays(-2) },
                new CaseTask { Pupil = cora, Case = step3, Code = TaskCatalog.S3Checklist, Role = "Mentor", RaisedOn = today.AddDays(-6), Due = today.AddDays(-3),
                    Status = CaseTaskStatus.Done, DoneOn = today.AddDays(-4), DoneAtUtc = DateTime.UtcNow.AddDays(-4) },
                new CaseTask { Pupil = cora, Case = step3, Code = TaskCatalog.S3Followup, Role = "Mentor", RaisedOn = today.AddDays(-6), Due = today.AddDays(1) },
                new CaseTask { Pupil = dana, Case = step4, Code = TaskCatalog.S4Skolsocial, Role = "Rektor", RaisedOn = today.AddDays(-3), Due = today },
                new CaseTask { Pupil = elsewhere, Case = otherCase, Code = TaskCatalog.MReport, Role = "Rektor", RaisedOn = today.AddDays(-30), Due = today.AddDays(-29) });
            await db.SaveChangesAsync();
            await RoleGrants.GrantAsync(db, rector.Id, StaffRoles.Rektor, school.Id, null, "test", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Rut Rektor" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Eskaleringskö" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Eskaleringskö", Level = 1 })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["Alva Lind", "Bruno Ek", "Dana Holm", "Cora Berg"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Öppna ärenden: 4" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Erik Annanskola")).ToHaveCountAsync(0);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eskalering.png");

        await page.GetByLabel("Bara ärenden med försenade uppgifter").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrera" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/eskalering\\?.*forsenade=ja"));
        var rows = page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row);
        await Assertions.Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["Alva Lind", "Bruno Ek"]);
        var first = rows.Nth(1);
        await Assertions.Expect(first).ToContainTextAsync("M");
        await Assertions.Expect(first).ToContainTextAsync("Anmäl");
        await Assertions.Expect(first).ToContainTextAsync("Försenad");
        await Assertions.Expect(first).ToContainTextAsync("Ingen åtgärd på 16 dagar");
        await Assertions.Expect(first).ToContainTextAsync("Mer än 14 dagar");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("2 försenade");
        await Assertions.Expect(page.GetByLabel("Bara ärenden med försenade uppgifter")).ToBeCheckedAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eskalering-forsenade.png");

        await first.GetByRole(AriaRole.Link, new() { Name = "Alva Lind" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/elev/\\d+$"));

        // A bookmarked address with a value that cannot be used: the summary links to the field, the list is still there.
        await page.GotoAsync("/eskalering?dagar=tio&forsenade=ja");
        var summary = page.GetByRole(AriaRole.Alert);
        await summary.GetByRole(AriaRole.Link, new() { Name = "Ange antal dagar som ett heltal mellan 0 och 365, till exempel 14." }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Ingen åtgärd på minst (dagar)")).ToHaveValueAsync("tio");
        await Assertions.Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["Alva Lind", "Bruno Ek"]);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "eskalering-fel.png");
    }

    /// <summary>Every violation axe-core reports (WCAG 2.1 A/AA rules and best practices alike) fails the test.</summary>
    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
