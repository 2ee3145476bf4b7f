using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Features.PupilPage;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.PupilPage;

/// <summary>
/// /elev/{id}: the mentor sees their mentee's figures, pattern findings and timeline; the rector of the school reads the
/// same page (and, alone, the guardians' contact details of a pupil with skyddad identitet); anyone else, and any id
/// that does not exist, gets the same 404. Every view is in the audit log.
/// </summary>
public sealed class PupilPageTests : IClassFixture<NarvaroWebFactory>, IAsyncLifetime
{
    private const string GuardianPhone = "070-123 45 67";
    private const string ProtectedGuardianPhone = "073-999 88 77";

    private readonly NarvaroWebFactory _factory;
    private School _school = null!;
    private School _otherSchool = null!;
    private string _mentorEmail = null!;
    private int _menteeId, _protectedId, _otherMentorsPupilId, _overdueTaskId, _documentId;

    public PupilPageTests(NarvaroWebFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Trosa kommun {suffix}");
        _school = await _factory.AddSchoolAsync(kommun, $"Tofsvipans skola {suffix}", pupils: 3);
        _otherSchool = await _factory.AddSchoolAsync(kommun, $"Öbergsskolan {suffix}", pupils: 1);
        _mentorEmail = NewEmail("mentor");
        var mentor = await _factory.AddStaffAsync(_mentorEmail, "Maria Mentor", StaffRoles.Mentor, _school);
        var otherMentor = await _factory.AddStaffAsync(NewEmail("annan"), "Anna Annan", StaffRoles.Mentor, _school);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pupils = await db.Pupils.Where(p => p.SchoolId == _school.Id).OrderBy(p => p.Id).ToListAsync();
        var (mentee, protectedPupil, othersPupil) = (pupils[0], pupils[1], pupils[2]);
        mentee.FirstName = "Alva";
        mentee.LastName = "Andersson";
        mentee.MentorId = mentor.Id;
        protectedPupil.MentorId = mentor.Id;
        protectedPupil.ProtectedIdentity = true;
        othersPupil.MentorId = otherMentor.Id;
        db.Guardians.Add(new Guardian { PupilId = mentee.Id, Name = "Anders Andersson", Phone = GuardianPhone, Email = "anders@hem.test" });
        db.Guardians.Add(new Guardian { PupilId = protectedPupil.Id, Name = "Vårdnadshavare Skyddad", Phone = ProtectedGuardianPhone, Email = "skyddad@hem.test" });

        // Four weeks up to yesterday (Stockholm), five lessons a day; every Monday missed in full, without a valid reason.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
        var asOf = today.AddDays(-1);
        string[] subjects = ["Matematik", "Svenska", "Engelska", "Idrott och hälsa", "Bild"];
        for (var date = asOf.AddDays(-27); date <= asOf; date = date.AddDays(1))
        {
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            for (var slot = 0; slot < 5; slot++)
            {
                var start = new TimeOnly(8, 0).AddMinutes(70 * slot);
                var monday = date.DayOfWeek == DayOfWeek.Monday;
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = mentee.Id, Date = date, Start = start, End = start.AddMinutes(60), ScheduledMinutes = 60,
                    Subject = subjects[((int)date.DayOfWeek + slot) % 5], Type = monday ? AttendanceType.Invalid : AttendanceType.Present,
                    AbsentMinutes = monday ? 60 : 0,
                });
            }
        }

        var absenceCase = new AbsenceCase { PupilId = mentee.Id, OpenedOn = asOf.AddDays(-10), Step = 3 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        var overdue = new CaseTask
        {
            PupilId = mentee.Id, CaseId = absenceCase.Id, Code = TaskCatalog.S3Checklist, Role = nameof(TaskRole.Mentor),
            RaisedOn = asOf.AddDays(-10), Due = asOf.AddDays(-7),
        };
        var done = new CaseTask
        {
            PupilId = mentee.Id, Code = TaskCatalog.S1Contact, Role = nameof(TaskRole.Mentor), RaisedOn = asOf.AddDays(-14),
            Due = asOf.AddDays(-14), Status = CaseTaskStatus.Done, DoneOn = asOf.AddDays(-14), DoneAtUtc = DateTime.UtcNow.AddDays(-14),
            DoneByUserId = mentor.Id, Note = "Pappa svarade i telefon",
        };
        db.Tasks.AddRange(overdue, done);
        db.CaseEvents.Add(new CaseEvent { CaseId = absenceCase.Id, On = asOf.AddDays(-10), AtUtc = DateTime.UtcNow.AddDays(-10), Kind = CaseEventKind.StepReached, Text = "Steg 3 nått: frånvaro 20,0 %" });
        var document = new CaseDocument
        {
            CaseId = absenceCase.Id, Kind = CaseDocumentKind.Bilaga1Checklist, Step = 3, FileName = "bilaga1-alva.pdf",
            Content = [1, 2, 3], SizeBytes = 3, Sha256 = new string('0', 64), AsOf = asOf.AddDays(-10), CreatedAtUtc = DateTime.UtcNow.AddDays(-10),
        };
        db.CaseDocuments.Add(document);
        db.Checklists.Add(new ChecklistRecord
        {
            PupilId = mentee.Id, CaseId = absenceCase.Id, Version = 1, AnswersJson = "{}", AsOf = asOf.AddDays(-9),
            RecordedByUserId = mentor.Id, RecordedAtUtc = DateTime.UtcNow.AddDays(-9),
        });
        db.WeeklyTalks.Add(new WeeklyTalk
        {
            PupilId = mentee.Id, WeekStart = asOf.AddDays(-13 - ((int)asOf.AddDays(-13).DayOfWeek + 6) % 7), HeldOn = asOf.AddDays(-6),
            WithWhom = TalkParticipants.Bada, Note = "Måndagarna känns tunga", MentorUserId = mentor.Id, LoggedAtUtc = DateTime.UtcNow.AddDays(-6),
        });
        await db.SaveChangesAsync();

        (_menteeId, _protectedId, _otherMentorsPupilId) = (mentee.Id, protectedPupil.Id, othersPupil.Id);
        (_overdueTaskId, _documentId) = (overdue.Id, document.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    private async Task<HttpClient> MentorAsync()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(_mentorEmail);
        return client;
    }

    private async Task<(HttpClient Client, string UserId)> SignedInAsync(string role, params School[] schools)
    {
        var email = NewEmail(role.ToLowerInvariant());
        var user = await _factory.AddStaffAsync(email, $"Testperson {role}", role, schools);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return (client, user.Id);
    }

    [Fact]
    public async Task Get_MentorOfThePupil_SeesTheFiguresTheMondayPatternTheLevelAndTheTimeline()
    {
        var client = await MentorAsync();

        var response = await client.GetAsync($"/elev/{_menteeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadPageAsync();
        Assert.Contains("<h1 id=\"rubrik\">Alva Andersson</h1>", html);
        Assert.Contains("Maria Mentor", html);
        Assert.Contains("Steg 3", html);
        // 4 Mondays of 20 school days missed in full: 20 % absence, all of it ogiltig, everything reported.
        Assert.Contains("<strong>20,0 %</strong>", html);
        Assert.Contains("(100,0 %)", html);
        Assert.Contains("Går det att se något mönster i frånvaron?", html);
        Assert.Contains("Frånvarande 4 av de 4 senaste måndagarna", html);
        Assert.Contains("Övriga veckodagar: frånvaro 0 av de 16 senaste dagarna", html);
        Assert.Contains("Nivå 3 – SYSTEMATISK FRÅNVARO", html);
        Assert.Contains("role=\"img\"", html);
        Assert.Contains("<title>Frånvaro per månad under läsåret</title>", html);
        Assert.Contains("Steg 5 (över): 20 %", html);
        Assert.Contains(GuardianPhone, html);
        Assert.Contains($"href=\"/uppgift/{_overdueTaskId}?tillbaka=/elev/{_menteeId}\"", html);
        Assert.Contains($"href=\"/elev/{_menteeId}/checklista\"", html);
        Assert.Contains("Försenad", html);
        Assert.Contains("Pappa svarade i telefon", html);
        Assert.Contains("av Maria Mentor", html);
        Assert.Contains($"href=\"/dokument/{_documentId}\"", html);
        Assert.Contains($"href=\"/elev/{_menteeId}/checklista/1.pdf\"", html);
        Assert.Contains("Måndagarna känns tunga", html);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Get_AnotherMentorsPupil_IsNotFound()
    {
        var client = await MentorAsync();

        var response = await client.GetAsync($"/elev/{_otherMentorsPupilId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Nummer 3", await response.ReadPageAsync());
    }

    [Theory]
    [InlineData("/elev/999999")]
    [InlineData("/elev/0")]
    [InlineData("/elev/-1")]
    [InlineData("/elev/abc")]
    [InlineData("/elev/99999999999")]
    public async Task Get_IdThatIsNoPupil_IsTheSameNotFound(string path)
    {
        var client = await MentorAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_NotSignedIn_RedirectsToTheLogin()
    {
        var response = await _factory.CreateBrowser().GetAsync($"/elev/{_menteeId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/logga-in", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_RectorOfTheSchool_ReadsThePageWithoutTaskLinks()
    {
        var (client, _) = await SignedInAsync(StaffRoles.Rektor, _school);

        var response = await client.GetAsync($"/elev/{_menteeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadPageAsync();
        Assert.Contains("Du läser elevens sida som rektor", html);
        Assert.Contains("Frånvarande 4 av de 4 senaste måndagarna", html);
        Assert.Contains("Försenad", html);
        Assert.DoesNotContain("href=\"/uppgift/", html);
        Assert.Contains($"href=\"/dokument/{_documentId}\"", html);
    }

    [Fact]
    public async Task Get_ProtectedIdentity_GuardiansContactDetailsShownToTheRectorOnly()
    {
        var (rector, _) = await SignedInAsync(StaffRoles.Rektor, _school);
        var mentor = await MentorAsync();

        var asRector = await (await rector.GetAsync($"/elev/{_protectedId}")).ReadPageAsync();
        var mentorResponse = await mentor.GetAsync($"/elev/{_protectedId}");
        var asMentor = await mentorResponse.ReadPageAsync();

        Assert.Contains(ProtectedGuardianPhone, asRector);
        Assert.Contains("skyddad@hem.test", asRector);
        Assert.Equal(HttpStatusCode.OK, mentorResponse.StatusCode);
        Assert.Contains("Vårdnadshavare Skyddad", asMentor);
        Assert.DoesNotContain(ProtectedGuardianPhone, asMentor);
        Assert.DoesNotContain("skyddad@hem.test", asMentor);
        Assert.Contains("Eleven har skyddad identitet. Vårdnadshavarnas telefonnummer och e-postadresser visas därför bara för rektor", asMentor);
    }

    [Fact]
    public async Task Get_RectorOfAnotherSchool_IsNotFound()
    {
        var (client, _) = await SignedInAsync(StaffRoles.Rektor, _otherSchool);

        var response = await client.GetAsync($"/elev/{_menteeId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_EachView_WritesOneAuditEntryAndARefusalWritesNone()
    {
        var (client, userId) = await SignedInAsync(StaffRoles.Rektor, _school);

        await client.GetAsync($"/elev/{_menteeId}");
        await client.GetAsync($"/elev/{_menteeId}");
        await client.GetAsync($"/elev/{_otherMentorsPupilId}");
        var (outsider, outsiderId) = await SignedInAsync(StaffRoles.Rektor, _otherSchool);
        await outsider.GetAsync($"/elev/{_menteeId}");

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var entries = await db.AuditLog.Where(a => a.UserId == userId && a.Action == PupilController.AuditAction).ToListAsync();
        Assert.Equal(2, entries.Count(e => e.PupilId == _menteeId && e.SchoolId == _school.Id));
        Assert.Single(entries, e => e.PupilId == _otherMentorsPupilId);
        Assert.False(await db.AuditLog.AnyAsync(a => a.UserId == outsiderId && a.Action == PupilController.AuditAction));
    }
}
