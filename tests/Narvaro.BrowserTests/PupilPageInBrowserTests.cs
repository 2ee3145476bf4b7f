using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Narvaro.Escalation;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// A mentor signs in through the login form and opens a mentee's page: the pattern findings answer Bilaga 1 question 5,
/// the chart and heatmap carry their figures, and axe-core finds nothing on the page.
/// </summary>
public sealed class PupilPageInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public PupilPageInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    private const string NotFoundHeading = "Sidan finns inte";

    [Fact]
    public async Task Mentor_OpensTheMenteesPage_SeesThePatternFindings_AndAxeFindsNoViolations()
    {
        var email = $"mentor.{Guid.NewGuid():N}@skola.test";
        var mentor = await _chromium.App.AddStaffAsync(email, "Maria Mentor", StaffRoles.Mentor);
        var otherMentor = await _chromium.App.AddStaffAsync($"annan.{Guid.NewGuid():N}@skola.test", "Anders Annan", StaffRoles.Mentor);
        await _chromium.App.AddPupilsAsync("B1001", "B1002");
        var pupilId = await _chromium.App.WithDatabaseAsync(db => MenteeWithAPatternAsync(db, "B1001", mentor.Id));
        var othersPupilId = await _chromium.App.WithDatabaseAsync(async db =>
        {
            var other = await db.Pupils.SingleAsync(p => p.ExternalId == "B1002");
            other.MentorId = otherMentor.Id;
            await db.SaveChangesAsync();
            return other.Id;
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Maria Mentor" })).ToBeVisibleAsync();

        // No address typed: the menu, Mina elever, the pupil's name.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Mina elever" }).ClickAsync();
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = "Alva Berg" }).ClickAsync();
        Assert.EndsWith($"/elev/{pupilId}", page.Url);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alva Berg", Level = 1 })).ToBeVisibleAsync();
        var findings = page.Locator(".pupil-finding-text");
        await Assertions.Expect(findings.Filter(new() { HasText = "Frånvarande 3 av de 4 senaste måndagarna" })).ToBeVisibleAsync();
        await Assertions.Expect(findings.Filter(new() { HasText = "Frånvaron i idrott och hälsa är" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Frånvaro i procent per månad under läsåret, med handlingsplanens gränser för steg 3, 4 och 5" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Frånvaro per veckodag och lektion" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Uppföljning efter en vecka" })).ToBeVisibleAsync();

        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s):\n" + string.Join("\n", violations));

        await Evidence.ScreenshotAsync(_output, page, "pupil-page.png");

        // Another mentor's pupil answers the not-found page, as an id that does not exist would.
        var response = await page.GotoAsync($"/elev/{othersPupilId}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(NotFoundHeading);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("B1002");
        await Evidence.ScreenshotAsync(_output, page, "pupil-page-not-found.png");
    }

    /// <summary>
    /// Four weeks up to yesterday: absent on three of the four Mondays, and from idrott och hälsa on three other days;
    /// a case at step 3 with an open task.
    /// </summary>
    private static async Task<int> MenteeWithAPatternAsync(Narvaro.Data.NarvaroDbContext db, string externalId, string mentorId)
    {
        var pupil = await db.Pupils.SingleAsync(p => p.ExternalId == externalId);
        pupil.FirstName = "Alva";
        pupil.LastName = "Berg";
        pupil.MentorId = mentorId;
        db.Guardians.Add(new Guardian { PupilId = pupil.Id, Name = "Karin Berg", Phone = "070-111 22 33", Email = "karin.berg@hem.test" });

        var asOf = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone)).AddDays(-1);
        string[] subjects = ["Matematik", "Svenska", "Engelska", "Idrott och hälsa", "Bild"];
        var mondays = 0;
        var idrottMissed = 0;
        for (var date = asOf; date > asOf.AddDays(-28); date = date.AddDays(-1))
        {
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var missMonday = date.DayOfWeek == DayOfWeek.Monday && mondays++ != 1;
            for (var slot = 0; slot < 5; slot++)
            {
                var start = new TimeOnly(8, 15).AddMinutes(70 * slot);
                var subject = subjects[((int)date.DayOfWeek + slot) % 5];
                var missIdrott = !missMonday && subject == "Idrott och hälsa" && date.DayOfWeek is DayOfWeek.Wednesday or DayOfWeek.Thursday && idrottMissed++ < 3;
                var type = missMonday ? AttendanceType.Invalid : missIdrott ? AttendanceType.Valid : AttendanceType.Present;
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupil.Id, Date = date, Start = start, End = start.AddMinutes(60), ScheduledMinutes = 60, Subject = subject,
                    Type = type, AbsentMinutes = type == AttendanceType.Present ? 0 : 60,
                });
            }
        }
        var absenceCase = new AbsenceCase { PupilId = pupil.Id, OpenedOn = asOf.AddDays(-8), Step = 3 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        db.Tasks.Add(new CaseTask
        {
            PupilId = pupil.Id, CaseId = absenceCase.Id, Code = TaskCatalog.S3Followup, Role = nameof(TaskRole.Mentor),
            RaisedOn = asOf.AddDays(-8), Due = asOf.AddDays(-1),
        });
        db.Tasks.Add(new CaseTask
        {
            PupilId = pupil.Id, CaseId = absenceCase.Id, Code = TaskCatalog.S3Checklist, Role = nameof(TaskRole.Mentor),
            RaisedOn = asOf.AddDays(-8), Due = asOf.AddDays(-5), Status = CaseTaskStatus.Done, DoneOn = asOf.AddDays(-6),
            DoneAtUtc = DateTime.UtcNow.AddDays(-6), DoneByUserId = mentorId, Note = "Samtal med Alva och mamma",
        });
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = absenceCase.Id, On = asOf.AddDays(-8), AtUtc = DateTime.UtcNow.AddDays(-8), Kind = CaseEventKind.StepReached,
            Text = "Ärendet nådde steg 3",
        });
        await db.SaveChangesAsync();
        return pupil.Id;
    }
}
