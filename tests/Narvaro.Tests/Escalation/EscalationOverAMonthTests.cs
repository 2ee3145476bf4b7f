using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// September–October 2026 evaluated night by night on real SQLite. Every lesson is 60 minutes, so a pupil's
/// absence % is the share of absent school days; the expected dates below are worked out by hand in the comments.
/// </summary>
public class EscalationOverAMonthTests : IAsyncLifetime
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var september = SchoolBuilder.Weekdays(D(9, 1), D(9, 30)).ToList(); // 22 school days

        // Steady: present, one ogiltig lesson on Tue 15 Sep: a first-day contact, never a case.
        var steady = b.Pupil("E-A");
        foreach (var d in SchoolBuilder.Weekdays(D(9, 1), D(10, 30)))
            b.Day(steady, d, d == D(9, 15) ? [AttendanceType.Invalid] : []);

        // Climber: present in September, then giltig absence every day from 1 Oct.
        // D = 2 Oct: 2 of 22 days (9.1 %); Sat 3 Oct: 2 of 21 (9.5 %); Sun 4 Oct: window 5 Sep–4 Oct has 20 school
        // days, 2 absent = exactly 10.0 % -> step 3 (at least 10); Mon 5 Oct: 3 of 21 (14.3 %), still step 3;
        // Tue 6 Oct: 4 of 22 (18.2 %) -> step 4; Wed 7 Oct: 5 of 22 (22.7 %) -> step 5.
        var climber = b.Pupil("E-B");
        b.Days(climber, september, AttendanceType.Present)
         .Days(climber, SchoolBuilder.Weekdays(D(10, 1), D(10, 30)), AttendanceType.Valid);

        // Truant: whole days of ogiltig from 1 Oct; Mon 12 Oct is a holiday for the class (no rows).
        // Streak: 1, 2, 5, 6, 7, 8, 9, 13, 14, 15 Oct = 10 school days (not more than two weeks), 16 Oct = 11 -> M.
        var truant = b.Pupil("E-C");
        b.Days(truant, september, AttendanceType.Present)
         .Days(truant, SchoolBuilder.Weekdays(D(10, 1), D(10, 30), except: D(10, 12)), AttendanceType.Invalid);

        // Late: 10 minutes late on 21, 22, 23 Sep (3rd -> L1), 24, 25, 28 Sep (6th -> L2); present otherwise.
        var late = b.Pupil("E-D");
        DateOnly[] lateDays = [D(9, 21), D(9, 22), D(9, 23), D(9, 24), D(9, 25), D(9, 28)];
        foreach (var d in SchoolBuilder.Weekdays(D(9, 1), D(10, 30)))
            b.Day(late, d, lateDays.Contains(d) ? [AttendanceType.Late] : []);

        // Newcomer: only 5 school days, all absent: never evaluated (fewer than 10 school days), but step 1 applies.
        var newcomer = b.Pupil("E-E");
        b.Days(newcomer, SchoolBuilder.Weekdays(D(10, 26), D(10, 30)), AttendanceType.Invalid);

        await using var db = _database.CreateContext();
        await b.SaveAsync(db);

        for (var d = D(9, 1); d <= D(10, 31); d = d.AddDays(1))
        {
            await using var night = _database.CreateContext();
            await Services.Evaluator(night).EvaluateAsync(d, "test");
        }
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<AbsenceCase?> CaseOf(string externalId)
    {
        await using var db = _database.CreateContext();
        return await db.Cases.Include(c => c.Tasks).Include(c => c.Events)
            .SingleOrDefaultAsync(c => c.Pupil!.ExternalId == externalId);
    }

    [Fact]
    public async Task Climber_ReachesSteps3To5OnTheWorkedOutDays_EachTaskOnce()
    {
        var c = (await CaseOf("E-B"))!;
        Assert.Equal(D(10, 4), c.OpenedOn);
        Assert.Equal(5, c.Step);
        Assert.False(c.ContinuousInvalid);

        var due = c.Tasks.ToDictionary(t => t.Code, t => (t.RaisedOn, t.Due, t.Role));
        Assert.Equal(11, c.Tasks.Count);
        Assert.Equal((D(10, 4), D(10, 7), "Mentor"), due[TaskCatalog.S3Checklist]);
        Assert.Equal((D(10, 4), D(10, 11), "Mentor"), due[TaskCatalog.S3Followup]);
        Assert.Equal((D(10, 6), D(10, 7), "Mentor"), due[TaskCatalog.S4InformRector]);
        Assert.Equal((D(10, 6), D(10, 9), "Rektor"), due[TaskCatalog.S4Skolsocial]);
        Assert.Equal((D(10, 6), D(10, 9), "Rektor"), due[TaskCatalog.S4Huvudman]);
        Assert.Equal((D(10, 6), D(10, 20), "Specialpedagog"), due[TaskCatalog.S4Pedagogisk]);
        Assert.Equal((D(10, 6), D(10, 20), "Skolskoterska"), due[TaskCatalog.S4Halsosamtal]);
        Assert.Equal((D(10, 6), D(10, 20), "EHT"), due[TaskCatalog.S4Eht]);
        Assert.Equal((D(10, 7), D(10, 14), "Rektor"), due[TaskCatalog.S5Skolchef]);
        Assert.Equal((D(10, 7), D(10, 14), "Rektor"), due[TaskCatalog.S5Sst]);
        Assert.Equal((D(10, 7), D(10, 14), "Mentor"), due[TaskCatalog.S5Weekly]);

        // The timeline: opened and three steps; the eleven tasks (2 + 6 + 3) carry their own dates.
        Assert.Single(c.Events, e => e.Kind == CaseEventKind.Opened && e.On == D(10, 4));
        Assert.Equal([D(10, 4), D(10, 6), D(10, 7)], c.Events.Where(e => e.Kind == CaseEventKind.StepReached).Select(e => e.On).Order());
        Assert.Equal(4, c.Events.Count);
        Assert.All(c.Events, e => Assert.Null(e.UserId));
    }

    [Fact]
    public async Task Truant_MTriggersOnThe11thSchoolDayAcrossWeekendAndHoliday()
    {
        var c = (await CaseOf("E-C"))!;
        Assert.True(c.ContinuousInvalid);
        var m = Assert.Single(c.Tasks, t => t.Code == TaskCatalog.MReport);
        Assert.Equal(D(10, 16), m.RaisedOn);
        Assert.Equal(D(10, 17), m.Due);
        Assert.Equal("Rektor", m.Role);
        Assert.Equal(5, c.Step);
    }

    [Fact]
    public async Task Late_L1OnThird_L2OnSixth_CaseAtStep0()
    {
        var c = (await CaseOf("E-D"))!;
        Assert.Equal(D(9, 23), c.OpenedOn);
        Assert.Equal(0, c.Step);
        Assert.Equal(2, c.LateLevel);
        Assert.Equal(D(9, 23), Assert.Single(c.Tasks, t => t.Code == TaskCatalog.L1Contact).RaisedOn);
        Assert.Equal(D(9, 28), Assert.Single(c.Tasks, t => t.Code == TaskCatalog.L2Report).RaisedOn);
        Assert.Equal(2, c.Tasks.Count);
    }

    [Fact]
    public async Task SteadyAndNewcomer_NoCase()
    {
        Assert.Null(await CaseOf("E-A"));
        Assert.Null(await CaseOf("E-E"));
    }

    [Fact]
    public async Task FirstDayContact_OnlyOnTheFirstDayOfInvalidAbsence()
    {
        await using var db = _database.CreateContext();
        var dayTasks = await db.Tasks.Where(t => t.CaseId == null)
            .Select(t => new { t.Pupil!.ExternalId, t.Code, t.RaisedOn, t.Due, t.Role })
            .ToListAsync();
        Assert.All(dayTasks, t => Assert.Equal((TaskCatalog.S1Contact, "Mentor"), (t.Code, t.Role)));
        Assert.All(dayTasks, t => Assert.Equal(t.RaisedOn, t.Due));
        Assert.Equal(
            [("E-A", D(9, 15)), ("E-C", D(10, 1)), ("E-E", D(10, 26))],
            dayTasks.Select(t => (t.ExternalId, t.RaisedOn)).OrderBy(t => t.ExternalId).ToList());
    }

    [Fact]
    public async Task ReevaluatingAPastDate_ChangesNothing()
    {
        string Snapshot(Narvaro.Data.NarvaroDbContext db) => string.Join("\n",
            db.Tasks.OrderBy(t => t.Id).Select(t => $"{t.PupilId}|{t.CaseId}|{t.Code}|{t.RaisedOn}|{t.Due}").ToList()
                .Concat(db.Cases.OrderBy(c => c.Id).Select(c => $"{c.Id}|{c.Step}|{c.ContinuousInvalid}|{c.LateLevel}").ToList()));

        await using var db = _database.CreateContext();
        var before = Snapshot(db);
        var result = await Services.Evaluator(db).EvaluateAsync(D(10, 5), "test");
        Assert.Equal(0, result.CasesOpened + result.TasksRaised + result.DayTasksRaised);
        db.ChangeTracker.Clear();
        Assert.Equal(before, Snapshot(db));
    }
}
