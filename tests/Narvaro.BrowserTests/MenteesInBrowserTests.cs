using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Narvaro.Escalation;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The mentor's morning: sign in, open Mina elever from the menu, see the pupil to contact today at the top, record
/// the first-day contact on the task page (a first try without saying how is refused with a linked message) and see
/// it done. axe-core finds no violation on either page.
/// </summary>
public sealed class MenteesInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public MenteesInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Mentor_RecordsTheFirstDayContactFromMinaElever_AndSeesItDone()
    {
        var email = $"mentor.{Guid.NewGuid():N}@skola.test";
        var mentor = await _chromium.App.AddStaffAsync(email, "Maja Mentor", StaffRoles.Mentor);
        await _chromium.App.AddPupilsAsync("M1001", "M1002", "M1003");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
        var taskId = await _chromium.App.WithDatabaseAsync(async db =>
        {
            var pupils = await db.Pupils.OrderBy(p => p.ExternalId).ToListAsync();
            string[][] names = [["Alva", "Lind"], ["Bruno", "Ek"], ["Cora", "Berg"]];
            for (var i = 0; i < pupils.Count; i++)
                (pupils[i].FirstName, pupils[i].LastName, pupils[i].MentorId) = (names[i][0], names[i][1], mentor.Id);
            db.Guardians.Add(new Guardian { PupilId = pupils[0].Id, Name = "Greta Lind", Phone = "070-123 45 67", Email = "greta.lind@example.se" });
            for (var day = today.AddDays(-40); day < today; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                for (var i = 0; i < pupils.Count; i++)
                    db.Attendance.Add(new AttendanceRecord
                    {
                        PupilId = pupils[i].Id, Date = day, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60,
                        Subject = "Svenska", AbsentMinutes = i == 1 && day.Day % 4 == 0 ? 60 : 0,
                        Type = i == 1 && day.Day % 4 == 0 ? AttendanceType.Valid : i == 2 && day.Day % 5 == 0 ? AttendanceType.NotReported : AttendanceType.Present,
                    });
            }
            var @case = db.Cases.Add(new AbsenceCase { PupilId = pupils[1].Id, OpenedOn = today.AddDays(-6), Step = 3 }).Entity;
            db.Tasks.Add(new CaseTask
            {
                PupilId = pupils[1].Id, Case = @case, Code = TaskCatalog.S3Checklist, Role = "Mentor", RaisedOn = today.AddDays(-6), Due = today.AddDays(-3),
            });
            var contact = db.Tasks.Add(new CaseTask
            {
                PupilId = pupils[0].Id, Code = TaskCatalog.S1Contact, Role = "Mentor", RaisedOn = today, Due = today,
            }).Entity;
            await db.SaveChangesAsync();
            return contact.Id;
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Maja Mentor" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Mina elever" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina elever", Level = 1 })).ToBeVisibleAsync();
        var contacts = page.GetByRole(AriaRole.Region, new() { Name = "Kontakta vårdnadshavare i dag" });
        await Assertions.Expect(contacts).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["Bruno Ek", "Alva Lind", "Cora Berg"]);
        await Assertions.Expect(table).ToContainTextAsync("Försenad");
        await Assertions.Expect(table).ToContainTextAsync("Närvaron är inte rapporterad för alla lektioner");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "mina-elever.png");

        await contacts.GetByRole(AriaRole.Link, new() { Name = "Alva Lind, 7A" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kontakta vårdnadshavare samma dag – första frånvarodagen" })).ToBeVisibleAsync();
        Assert.EndsWith($"/uppgift/{taskId}?tillbaka=%2Fmina-elever", page.Url);
        await Assertions.Expect(page.GetByText("070-123 45 67")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "uppgift-kontakt.png");

        // Saving without saying how is refused; the summary links to the radio group.
        await page.Locator("#Contact-Reached-Ja").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara kontakten" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary.GetByRole(AriaRole.Link, new() { Name = "Välj hur du kontaktade vårdnadshavaren." })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "uppgift-fel.png");
        Assert.Equal(CaseTaskStatus.Open, await _chromium.App.WithDatabaseAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync()));

        await summary.GetByRole(AriaRole.Link, new() { Name = "Välj hur du kontaktade vårdnadshavaren." }).ClickAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Hur kontaktade du vårdnadshavaren?" }).GetByLabel("Telefon").CheckAsync();
        await page.Locator("#Contact-Reached-Ja").CheckAsync();
        await page.GetByLabel("Anteckning").FillAsync("Pratade med mamma. Alva är sjuk, mamma sjukanmäler i fortsättningen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara kontakten" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kontakten med vårdnadshavaren är registrerad och uppgiften är klar.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina elever", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Kontakta vårdnadshavare i dag" })).ToHaveCountAsync(0);
        await Evidence.ScreenshotAsync(_output, page, "mina-elever-efter.png");

        await page.GotoAsync($"/uppgift/{taskId}");
        await Assertions.Expect(page.GetByText("Klar", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Kontaktförsök med vårdnadshavare (1)" })).ToContainTextAsync("telefon");
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "uppgift-klar.png");

        var task = await _chromium.App.WithDatabaseAsync(db => db.Tasks.Include(t => t.ContactAttempts).SingleAsync(t => t.Id == taskId));
        Assert.Equal((CaseTaskStatus.Done, today, mentor.Id), (task.Status, task.DoneOn, task.DoneByUserId));
        Assert.Equal(ContactMethod.Telefon, Assert.Single(task.ContactAttempts).Method);
    }

    /// <summary>Every violation axe-core reports (WCAG 2.1 A/AA rules and best practices alike) fails the test.</summary>
    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
