using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.StudentHealth;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.StudentHealth;

/// <summary>
/// The EHT's meeting on real SQLite: the agenda of the next meeting holds the open step-4+ cases whose S4-EHT is due by
/// it, with absence % and ogiltig % since the case opened against the same length before (crafted attendance); an
/// evaluation completes S4-EHT, logs the event, stores the figures and links the meeting; the rector alone sets dates.
/// </summary>
public sealed class EhtMeetingAgendaTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly DateOnly Opened = new(2026, 11, 16);

    private TestDatabase _database = null!;
    private string _kuratorId = null!, _rectorId = null!, _otherKuratorId = null!;
    private int _schoolId, _agendaCase, _laterCase, _evaluatedCase, _step3Case, _otherSchoolCase, _pastMeeting;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var builder = new SchoolBuilder();
        var onAgenda = builder.Pupil("AGENDA");
        var later = builder.Pupil("LATER");
        var evaluated = builder.Pupil("EVALUATED");
        var step3 = builder.Pupil("STEP3");
        // Before the case (2–13 Nov.): 2 of 5 lessons ogiltig, 40 %. Since it opened (16 Nov.–1 Dec.): 1 of 5 giltig, 20 %.
        foreach (var day in SchoolBuilder.Weekdays(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 13)))
            builder.Day(onAgenda, day, AttendanceType.Invalid, AttendanceType.Invalid);
        foreach (var day in SchoolBuilder.Weekdays(Opened, new DateOnly(2026, 12, 1)))
            builder.Day(onAgenda, day, AttendanceType.Valid);
        await builder.SaveAsync(db);
        var school = await db.Schools.SingleAsync();
        _schoolId = school.Id;
        var other = new School { OrganisationId = school.OrganisationId, SchoolUnitCode = "99990000", Name = "Annan skola" };
        var otherClass = new SchoolClass { School = other, Name = "9C" };
        var otherPupil = new Pupil { ExternalId = "OTHER", FirstName = "Elev", LastName = "OTHER", GradeLevel = "9", School = other, Class = otherClass };
        db.Pupils.Add(otherPupil);
        var kurator = StaffAccounts.NewUser("kurator@test.se", "Kim Kurator");
        var rector = StaffAccounts.NewUser("rektor@test.se", "Rut Rektor");
        var otherKurator = StaffAccounts.NewUser("kurator2@test.se", "Kalle Annan");
        db.Users.AddRange(kurator, rector, otherKurator);
        await db.SaveChangesAsync();
        (_kuratorId, _rectorId, _otherKuratorId) = (kurator.Id, rector.Id, otherKurator.Id);
        await RoleGrants.GrantAsync(db, kurator.Id, StaffRoles.Skolkurator, school.Id, null, "test", Now.UtcDateTime);
        await RoleGrants.GrantAsync(db, rector.Id, StaffRoles.Rektor, school.Id, null, "test", Now.UtcDateTime);
        await RoleGrants.GrantAsync(db, otherKurator.Id, StaffRoles.Skolkurator, other.Id, null, "test", Now.UtcDateTime);

        _agendaCase = AddCase(db, onAgenda.Id, 4, ehtDue: new DateOnly(2026, 11, 30));
        _laterCase = AddCase(db, later.Id, 4, ehtDue: new DateOnly(2026, 12, 15));
        _evaluatedCase = AddCase(db, evaluated.Id, 5, ehtDue: new DateOnly(2026, 11, 30), ehtDone: true);
        _step3Case = AddCase(db, step3.Id, 3, ehtDue: null);
        _otherSchoolCase = AddCase(db, otherPupil.Id, 4, ehtDue: new DateOnly(2026, 11, 30));
        await db.SaveChangesAsync();
        var meetings = new[] { new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 22) }
            .Select(on => new EhtMeeting { SchoolId = school.Id, On = on, CreatedAtUtc = Now.UtcDateTime }).ToList();
        db.EhtMeetings.AddRange(meetings);
        db.EhtMeetings.Add(new EhtMeeting { SchoolId = other.Id, On = new DateOnly(2026, 12, 3), CreatedAtUtc = Now.UtcDateTime });
        await db.SaveChangesAsync();
        _pastMeeting = meetings[0].Id;
    }

    private static int AddCase(NarvaroDbContext db, int pupilId, int step, DateOnly? ehtDue, bool ehtDone = false)
    {
        var @case = db.Cases.Add(new AbsenceCase { PupilId = pupilId, OpenedOn = Opened, Step = step }).Entity;
        db.SaveChanges();
        if (ehtDue is { } due)
            db.Tasks.Add(new CaseTask
            {
                PupilId = pupilId, CaseId = @case.Id, Code = TaskCatalog.S4Eht, Role = "EHT", RaisedOn = Opened, Due = due,
                Status = ehtDone ? CaseTaskStatus.Done : CaseTaskStatus.Open, DoneOn = ehtDone ? due : null,
            });
        return @case.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private EhtService Service(NarvaroDbContext db) => new(db, new StoppedClock(Now));

    private static EhtEvaluationInput Input(DateOnly on, int version = 0) =>
        new(on, "Rektor, skolkurator, specialpedagog", "Anpassat schema och samtal varje vecka.", "Frånvaron har halverats.", "Fortsätt, följ upp om fyra veckor.", version);

    [Fact]
    public async Task Overview_ShowsTheNextMeetingsAgenda_WithFiguresSinceTheCaseOpenedAgainstTheSameLengthBefore()
    {
        await using var db = _database.CreateContext();
        var overview = (await Service(db).OverviewAsync(_kuratorId, null))!;

        Assert.Equal(new DateOnly(2026, 12, 8), overview.NextMeeting);
        Assert.Equal([new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 22)], overview.UpcomingMeetings.Select(m => m.On));
        var row = Assert.Single(overview.Agenda);
        Assert.Equal(_agendaCase, row.Case.CaseId);
        var figures = row.Figures!;
        Assert.Equal((new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 15)), (figures.Periods.Before.From, figures.Periods.Before.To));
        Assert.Equal((Opened, new DateOnly(2026, 12, 1)), (figures.Periods.After.From, figures.Periods.After.To));
        Assert.Equal((10, 40.0, 40.0), (figures.Before.SchoolDays, figures.Before.AbsencePercent, figures.Before.InvalidPercent));
        Assert.Equal((12, 20.0, 0.0), (figures.After.SchoolDays, figures.After.AbsencePercent, figures.After.InvalidPercent));
        // The lists: every open case at step 4 or higher of the school, never the step-3 case or another school's.
        Assert.Equal([_evaluatedCase, _agendaCase, _laterCase], overview.Cases.Select(c => c.CaseId));
        Assert.False(overview.School.IsRector);
    }

    [Fact]
    public async Task Overview_ListsKartlaggningar_CommissionedAndDone_AndThoseToShareSinceTheLastMeeting()
    {
        await using (var db = _database.CreateContext())
        {
            var agendaPupil = await db.Cases.Where(c => c.Id == _agendaCase).Select(c => c.PupilId).SingleAsync();
            var laterPupil = await db.Cases.Where(c => c.Id == _laterCase).Select(c => c.PupilId).SingleAsync();
            db.Tasks.Add(new CaseTask
            {
                PupilId = laterPupil, CaseId = _laterCase, Code = TaskCatalog.S4Skolsocial, Role = "Rektor", RaisedOn = Opened, Due = Opened.AddDays(3),
                AssigneeUserId = _kuratorId,
            });
            db.Kartlaggningar.AddRange(
                Record(_agendaCase, 1, new DateOnly(2026, 11, 20), consent: true),
                Record(_agendaCase, 2, new DateOnly(2026, 11, 26), consent: false),
                Record(_evaluatedCase, 1, new DateOnly(2026, 11, 23), consent: true));
            await db.SaveChangesAsync();
        }
        await using var read = _database.CreateContext();
        var overview = (await Service(read).OverviewAsync(_kuratorId, null))!;

        var commissioned = Assert.Single(overview.Commissioned);
        Assert.Equal((_laterCase, "Kim Kurator", true), (commissioned.CaseId, commissioned.AssigneeName, commissioned.Overdue));
        // The latest version per case, newest first.
        Assert.Equal([(_agendaCase, 2, false), (_evaluatedCase, 1, true)], overview.Done.Select(k => (k.CaseId, k.Version, k.PupilConsent)));
        Assert.Equal("Kim Kurator", overview.Done[0].DoneBy);
        Assert.Equal(new DateOnly(2026, 11, 24), overview.LastMeeting);
        Assert.Equal([_agendaCase], overview.ToShare.Select(k => k.CaseId));
    }

    private KartlaggningRecord Record(int caseId, int version, DateOnly doneOn, bool consent) => new()
    {
        CaseId = caseId, Version = version, DoneOn = doneOn, DoneByUserId = _kuratorId, AnswersJson = "[]", PupilConsent = consent,
        RecordedByUserId = _kuratorId, RecordedAtUtc = Now.UtcDateTime,
    };

    [Fact]
    public async Task Overview_OfAnotherSchool_IsNull_AndThatSchoolsKuratorSeesOnlyTheirs()
    {
        await using var db = _database.CreateContext();
        Assert.Null(await Service(db).OverviewAsync(_kuratorId, _schoolId + 1));
        var theirs = (await Service(db).OverviewAsync(_otherKuratorId, null))!;
        Assert.Equal([_otherSchoolCase], theirs.Cases.Select(c => c.CaseId));
        Assert.Null(await Service(db).OverviewAsync(_otherKuratorId, _schoolId));
        Assert.Null(await Service(db).CasePageAsync(_otherKuratorId, _agendaCase));
    }

    [Fact]
    public async Task RecordEvaluation_AtAPastMeeting_CompletesS4Eht_StoresTheFigures_AndLeavesTheAgenda()
    {
        await using (var db = _database.CreateContext())
        {
            var id = await Service(db).RecordEvaluationAsync(_kuratorId, _agendaCase, Input(new DateOnly(2026, 11, 24)));
            var evaluation = await db.EhtEvaluations.AsNoTracking().SingleAsync(e => e.Id == id);
            Assert.Equal(_pastMeeting, evaluation.MeetingId);
            // 16–23 Nov. (8 days: 6 school days at 20 %) against 8–15 Nov. (5 school days at 40 %).
            Assert.Equal((40m, 20m), (evaluation.AbsencePercentBefore, evaluation.AbsencePercentAfter));
            Assert.Equal("Frånvaron har halverats.", evaluation.Effect);
        }
        await using (var db = _database.CreateContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.CaseId == _agendaCase && t.Code == TaskCatalog.S4Eht);
            Assert.Equal((CaseTaskStatus.Done, new DateOnly(2026, 11, 24), _kuratorId), (task.Status, task.DoneOn, task.DoneByUserId));
            var @event = await db.CaseEvents.SingleAsync(e => e.CaseId == _agendaCase);
            Assert.Equal((CaseEventKind.EhtEvaluation, "EHT-utvärdering registrerad."), (@event.Kind, @event.Text));
            Assert.Equal(1, (await db.Cases.SingleAsync(c => c.Id == _agendaCase)).Version);
            var overview = (await Service(db).OverviewAsync(_kuratorId, null))!;
            Assert.Empty(overview.Agenda);
            Assert.Equal(new DateOnly(2026, 11, 24), overview.Cases.Single(c => c.CaseId == _agendaCase).LastEvaluationOn);
            // The meeting that has an evaluation can no longer be removed; it is past anyway.
            var page = (await Service(db).CasePageAsync(_kuratorId, _agendaCase))!;
            Assert.True(Assert.Single(page.Evaluations).AtMeeting);
            // Since the evaluation: 25 Nov.–1 Dec. against 18–24 Nov., both 20 %.
            Assert.Equal((new DateOnly(2026, 11, 25), 20.0, 20.0), (page.Figures!.Periods.After.From, page.Figures.Before.AbsencePercent, page.Figures.After.AbsencePercent));
        }
    }

    [Fact]
    public async Task RecordEvaluation_Invalid_ChangesNothing()
    {
        await using var db = _database.CreateContext();
        var service = Service(db);
        var future = await Assert.ThrowsAsync<EhtActionException>(() => service.RecordEvaluationAsync(_kuratorId, _agendaCase, Input(Today.AddDays(1))));
        Assert.Equal(EhtField.On, future.Field);
        var early = await Assert.ThrowsAsync<EhtActionException>(() => service.RecordEvaluationAsync(_kuratorId, _agendaCase, Input(Opened.AddDays(-1))));
        Assert.Contains("16 nov. 2026", early.Message);
        var empty = await Assert.ThrowsAsync<EhtActionException>(() => service.RecordEvaluationAsync(_kuratorId, _agendaCase, Input(Today) with { NextStep = "  " }));
        Assert.Equal((EhtField.NextStep, "Skriv vad nästa steg är."), (empty.Field, empty.Message));
        var tooLong = await Assert.ThrowsAsync<EhtActionException>(() => service.RecordEvaluationAsync(_kuratorId, _agendaCase, Input(Today) with { Tried = new string('x', 2001) }));
        Assert.Equal(EhtField.Tried, tooLong.Field);
        var stale = await Assert.ThrowsAsync<EhtActionException>(() => service.RecordEvaluationAsync(_kuratorId, _agendaCase, Input(Today, version: 7)));
        Assert.Contains("har ändrats", stale.Message);
        var step3 = await Assert.ThrowsAsync<EhtActionException>(() => service.RecordEvaluationAsync(_rectorId, _step3Case, Input(Today)));
        Assert.Contains("steg 3", step3.Message);

        await using var check = _database.CreateContext();
        Assert.False(await check.EhtEvaluations.AnyAsync());
        Assert.False(await check.CaseEvents.AnyAsync());
        Assert.Equal(CaseTaskStatus.Open, (await check.Tasks.SingleAsync(t => t.CaseId == _agendaCase)).Status);
    }

    [Fact]
    public async Task RecordEvaluation_Twice_WithTheSameForm_AddsOne()
    {
        await using (var db = _database.CreateContext())
            await Service(db).RecordEvaluationAsync(_kuratorId, _agendaCase, Input(Today));
        await using (var db = _database.CreateContext())
            await Assert.ThrowsAsync<EhtActionException>(() => Service(db).RecordEvaluationAsync(_rectorId, _agendaCase, Input(Today)));
        await using var check = _database.CreateContext();
        Assert.Equal(1, await check.EhtEvaluations.CountAsync());
    }

    [Fact]
    public async Task Meetings_TheRectorAddsAndRemoves_TheKuratorMayNot()
    {
        await using var db = _database.CreateContext();
        var service = Service(db);
        await Assert.ThrowsAsync<EhtForbiddenException>(() => service.AddMeetingAsync(_kuratorId, _schoolId, new DateOnly(2027, 1, 12)));
        var past = await Assert.ThrowsAsync<EhtActionException>(() => service.AddMeetingAsync(_rectorId, _schoolId, Today.AddDays(-1)));
        Assert.Equal(EhtField.MeetingDate, past.Field);
        var twice = await Assert.ThrowsAsync<EhtActionException>(() => service.AddMeetingAsync(_rectorId, _schoolId, new DateOnly(2026, 12, 8)));
        Assert.Equal("Det finns redan ett EHT-möte den 8 dec. 2026.", twice.Message);

        var id = await service.AddMeetingAsync(_rectorId, _schoolId, new DateOnly(2027, 1, 12));
        Assert.Equal(new DateOnly(2027, 1, 12), (await db.EhtMeetings.SingleAsync(m => m.Id == id)).On);
        await Assert.ThrowsAsync<EhtForbiddenException>(() => service.RemoveMeetingAsync(_kuratorId, _schoolId, id));
        await Assert.ThrowsAsync<EhtActionException>(() => service.RemoveMeetingAsync(_rectorId, _schoolId, _pastMeeting));
        Assert.Equal(new DateOnly(2027, 1, 12), await service.RemoveMeetingAsync(_rectorId, _schoolId, id));
        Assert.False(await db.EhtMeetings.AnyAsync(m => m.Id == id));
    }
}
