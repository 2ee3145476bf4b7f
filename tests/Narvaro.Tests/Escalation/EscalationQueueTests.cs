using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Eskaleringskö on real SQLite: only the open cases of the rector's own schools, M first, then overdue tasks, step and
/// absence %; the filters; days without action (tasks done, people's events, the opening — not the nightly job's
/// events); counts per step; pages of 50; a fixed number of queries, each by an index.
/// </summary>
public sealed class EscalationQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);

    private TestDatabase _database = null!;
    private string _rectorId = null!;
    private string _otherMentorId = null!;
    private int _class9B, _otherSchoolClass, _schoolId, _class8A;
    private readonly Dictionary<string, int> _ids = [];
    private CommandCounter _last = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var builder = new SchoolBuilder();
        var november = SchoolBuilder.Weekdays(new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 1)).ToList();
        var m = builder.Pupil("MCASE");
        var overdue = builder.Pupil("OVERDUE3");
        var step5 = builder.Pupil("STEP5");
        var step4 = builder.Pupil("STEP4");
        var noCase = builder.Pupil("NOCASE");
        var closed = builder.Pupil("CLOSED");
        foreach (var day in november)
        {
            builder.Day(m, day, AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Invalid);
            builder.Day(overdue, day);
            builder.Day(step5, day, AttendanceType.Valid, AttendanceType.Invalid);
            builder.Day(step4, day, AttendanceType.Valid);
            builder.Day(noCase, day, AttendanceType.Valid, AttendanceType.Valid, AttendanceType.Valid);
        }
        await builder.SaveAsync(db);

        var school = await db.Schools.SingleAsync();
        _schoolId = school.Id;
        _class8A = m.ClassId;
        var class9B = new SchoolClass { SchoolId = school.Id, Name = "9B" };
        var otherMentor = StaffAccounts.NewUser("annan.mentor@test.se", "Anna Annan");
        var rector = StaffAccounts.NewUser("rektor@test.se", "Rut Rektor");
        var otherRector = StaffAccounts.NewUser("rektor.annan@test.se", "Olle Annan");
        db.Users.AddRange(otherMentor, rector, otherRector);
        db.Classes.Add(class9B);
        step4.Class = class9B;
        step4.MentorId = otherMentor.Id;

        var otherSchool = new School { OrganisationId = school.OrganisationId, SchoolUnitCode = "33334444", Name = "Annanskolan" };
        var otherClass = new SchoolClass { School = otherSchool, Name = "7C" };
        var elsewhere = new Pupil { ExternalId = "ELSEWHERE", FirstName = "Elev", LastName = "ELSEWHERE", GradeLevel = "7", School = otherSchool, Class = otherClass };
        db.Pupils.Add(elsewhere);
        await db.SaveChangesAsync();
        db.RoleAssignments.AddRange(
            new RoleAssignment { UserId = rector.Id, Role = StaffRoles.Rektor, OrganisationId = school.OrganisationId, SchoolId = school.Id },
            new RoleAssignment { UserId = otherRector.Id, Role = StaffRoles.Rektor, OrganisationId = school.OrganisationId, SchoolId = otherSchool.Id });

        var mCase = new AbsenceCase { PupilId = m.Id, OpenedOn = Today.AddDays(-3), Step = 0, ContinuousInvalid = true };
        var overdueCase = new AbsenceCase { PupilId = overdue.Id, OpenedOn = Today.AddDays(-10), Step = 3, LateLevel = 1 };
        var step5Case = new AbsenceCase { PupilId = step5.Id, OpenedOn = Today.AddDays(-20), Step = 5, ConcernRemains = true };
        var step4Case = new AbsenceCase { PupilId = step4.Id, OpenedOn = Today.AddDays(-5), Step = 4 };
        var closedCase = new AbsenceCase { PupilId = closed.Id, OpenedOn = Today.AddDays(-40), Step = 5, ContinuousInvalid = true, ClosedOn = Today.AddDays(-2) };
        var elsewhereCase = new AbsenceCase { PupilId = elsewhere.Id, OpenedOn = Today.AddDays(-30), Step = 5, ContinuousInvalid = true };
        db.Cases.AddRange(mCase, overdueCase, step5Case, step4Case, closedCase, elsewhereCase);
        await db.SaveChangesAsync();

        db.Tasks.AddRange(
            new CaseTask { PupilId = m.Id, Case = mCase, Code = TaskCatalog.MReport, Role = "Rektor", RaisedOn = Today.AddDays(-3), Due = Today.AddDays(-2).AddDays(3) },
            new CaseTask { PupilId = overdue.Id, Case = overdueCase, Code = TaskCatalog.S3Checklist, Role = "Mentor", RaisedOn = Today.AddDays(-10), Due = Today.AddDays(-2) },
            new CaseTask { PupilId = overdue.Id, Case = overdueCase, Code = TaskCatalog.S3Followup, Role = "Mentor", RaisedOn = Today.AddDays(-10), Due = Today.AddDays(4) },
            new CaseTask { PupilId = step5.Id, Case = step5Case, Code = TaskCatalog.S3Checklist, Role = "Mentor", RaisedOn = Today.AddDays(-20), Due = Today.AddDays(-17),
                Status = CaseTaskStatus.Done, DoneOn = Today.AddDays(-18), DoneAtUtc = Now.UtcDateTime.AddDays(-18) },
            new CaseTask { PupilId = step5.Id, Case = step5Case, Code = TaskCatalog.S5Skolchef, Role = "Rektor", RaisedOn = Today.AddDays(-20), Due = Today.AddDays(3) },
            new CaseTask { PupilId = step4.Id, Case = step4Case, Code = TaskCatalog.S4Skolsocial, Role = "Rektor", RaisedOn = Today.AddDays(-5), Due = Today.AddDays(1) },
            // A done task recorded only by time: the Stockholm date of DoneAtUtc counts.
            new CaseTask { PupilId = step4.Id, Case = step4Case, Code = TaskCatalog.S4InformRector, Role = "Mentor", RaisedOn = Today.AddDays(-5), Due = Today.AddDays(-4),
                Status = CaseTaskStatus.Done, DoneAtUtc = Now.UtcDateTime.AddDays(-4) },
            new CaseTask { PupilId = elsewhere.Id, Case = elsewhereCase, Code = TaskCatalog.MReport, Role = "Rektor", RaisedOn = Today.AddDays(-30), Due = Today.AddDays(-29) });
        db.CaseEvents.AddRange(
            // The nightly evaluation's event does not count as something done.
            new CaseEvent { CaseId = step5Case.Id, On = Today.AddDays(-1), AtUtc = Now.UtcDateTime.AddDays(-1), Kind = CaseEventKind.StepReached, Text = "Steg 5" },
            new CaseEvent { CaseId = step4Case.Id, On = Today.AddDays(-1), AtUtc = Now.UtcDateTime.AddDays(-1), Kind = CaseEventKind.Note, Text = "Samtal med vårdnadshavare", UserId = rector.Id });
        await db.SaveChangesAsync();

        _rectorId = rector.Id;
        _otherMentorId = otherMentor.Id;
        _class9B = class9B.Id;
        _otherSchoolClass = otherClass.Id;
        foreach (var p in new[] { m, overdue, step5, step4, noCase, closed, elsewhere }) _ids[p.ExternalId] = p.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<(EscalationQueue Queue, int Queries)> QueueAsync(EscalationFilter? filter = null, int page = 1, string? userId = null)
    {
        var counter = _last = new CommandCounter();
        var options = new DbContextOptionsBuilder<NarvaroDbContext>(_database.Options).AddInterceptors(counter).Options;
        await using var db = new NarvaroDbContext(options);
        var result = await new EscalationQueueService(db, new StoppedClock(Now)).QueueAsync(userId ?? _rectorId, filter ?? EscalationFilter.None, page);
        return (result, counter.Count);
    }

    private static List<string> Names(EscalationQueue queue) => queue.Rows.Select(r => r.Name["Elev ".Length..]).ToList();

    [Fact]
    public async Task QueueAsync_OwnSchoolsOpenCases_MFirstThenOverdueThenStep()
    {
        var (queue, queries) = await QueueAsync();

        Assert.Equal(["MCASE", "OVERDUE3", "STEP5", "STEP4"], Names(queue));
        Assert.Equal((4, 4, 1), (queue.Total, queue.OpenCases, queue.SchoolCount));
        Assert.True(queries <= 8, $"{queries} queries");

        var m = queue.Rows[0];
        Assert.True(m.ContinuousInvalid);
        Assert.Equal(100.0, m.Measures.AbsencePercent, 6);
        Assert.Equal(100.0, m.Measures.InvalidPercent, 6);
        Assert.Equal((TaskCatalog.MReport, "Rektor"), (m.NextTask!.Code, m.NextTask.RoleName));

        var overdue = queue.Rows[1];
        Assert.Equal(1, overdue.LateLevel);
        Assert.Equal(TaskCatalog.S3Checklist, Assert.Single(overdue.OverdueTasks).Code);
        Assert.Equal((TaskCatalog.S3Checklist, "Mentor/klasslärare", true), (overdue.NextTask!.Code, overdue.NextTask.RoleName, overdue.NextTask.Overdue));
        Assert.Equal("8A", overdue.ClassName);
        Assert.Equal("Maria Mentor", overdue.MentorName);

        var step5 = queue.Rows[2];
        Assert.True(step5.ConcernRemains);
        Assert.Equal(40.0, step5.Measures.AbsencePercent, 6);
        Assert.Equal(20.0, step5.Measures.InvalidPercent, 6);
        Assert.Empty(step5.OverdueTasks);
        Assert.Equal(TaskCatalog.S5Skolchef, step5.NextTask!.Code);

        var step4 = queue.Rows[3];
        Assert.Equal(("9B", "Anna Annan"), (step4.ClassName, step4.MentorName));
        Assert.Equal(Today.AddDays(-5), step4.OpenedOn);
    }

    [Fact]
    public async Task QueueAsync_DaysWithoutAction_LatestTaskDoneOrPersonsEventOrOpening()
    {
        var (queue, _) = await QueueAsync();
        var rows = queue.Rows.ToDictionary(r => r.Name["Elev ".Length..]);

        // Opened three days ago, nothing done since.
        Assert.Equal((Today.AddDays(-3), 3, false), (rows["MCASE"].LastActionOn, rows["MCASE"].DaysWithoutAction, rows["MCASE"].PastInactivityLimit));
        Assert.Equal((Today.AddDays(-10), 10), (rows["OVERDUE3"].LastActionOn, rows["OVERDUE3"].DaysWithoutAction));
        // The checklist done 18 days ago; the nightly job's event yesterday is not an action.
        Assert.Equal((Today.AddDays(-18), 18, true), (rows["STEP5"].LastActionOn, rows["STEP5"].DaysWithoutAction, rows["STEP5"].PastInactivityLimit));
        // The rector's note yesterday.
        Assert.Equal((Today.AddDays(-1), 1), (rows["STEP4"].LastActionOn, rows["STEP4"].DaysWithoutAction));
    }

    [Fact]
    public async Task QueueAsync_OtherSchoolsRector_SeesOnlyTheirOwnCase()
    {
        await using var db = _database.CreateContext();
        var otherRector = await db.Users.SingleAsync(u => u.Email == "rektor.annan@test.se");

        var (queue, _) = await QueueAsync(userId: otherRector.Id);

        Assert.Equal(["ELSEWHERE"], Names(queue));
        Assert.DoesNotContain(queue.Rows, r => r.PupilId == _ids["MCASE"]);
        Assert.Equal(["7C"], queue.Classes.Select(c => c.Text));
    }

    [Fact]
    public async Task QueueAsync_NotARector_IsEmpty()
    {
        var (queue, _) = await QueueAsync(userId: _otherMentorId);
        Assert.Equal((0, 0, 0), (queue.Total, queue.OpenCases, queue.SchoolCount));
        Assert.Empty(queue.Rows);
    }

    [Fact]
    public async Task QueueAsync_CountsPerStep_OfAllOpenCasesWhateverTheFilter()
    {
        var (queue, _) = await QueueAsync(new EscalationFilter(OverdueOnly: true));

        Assert.Equal([(3, 1), (4, 1), (5, 1), (0, 1)], queue.StepCounts.Select(c => (c.Step, c.Count)));
        Assert.Equal((1, 4, 1), (queue.ContinuousInvalidCount, queue.OpenCases, queue.Total));
    }

    [Fact]
    public async Task QueueAsync_EachFilter_NarrowsTheList()
    {
        Assert.Equal(["STEP5"], Names((await QueueAsync(new EscalationFilter(Step: 5))).Queue));
        Assert.Equal(["MCASE"], Names((await QueueAsync(new EscalationFilter(Step: 0))).Queue));
        Assert.Equal(["STEP4"], Names((await QueueAsync(new EscalationFilter(ClassId: _class9B))).Queue));
        Assert.Equal(["MCASE", "OVERDUE3", "STEP5"], Names((await QueueAsync(new EscalationFilter(ClassId: _class8A))).Queue));
        Assert.Equal(["STEP4"], Names((await QueueAsync(new EscalationFilter(MentorId: _otherMentorId))).Queue));
        Assert.Equal(["OVERDUE3"], Names((await QueueAsync(new EscalationFilter(OverdueOnly: true))).Queue));
        Assert.Equal(["MCASE"], Names((await QueueAsync(new EscalationFilter(ContinuousInvalidOnly: true))).Queue));
        Assert.Equal(["STEP5"], Names((await QueueAsync(new EscalationFilter(InactiveDaysAtLeast: 15))).Queue));
        Assert.Equal(["OVERDUE3", "STEP5"], Names((await QueueAsync(new EscalationFilter(InactiveDaysAtLeast: 10))).Queue));
        Assert.Empty(Names((await QueueAsync(new EscalationFilter(Step: 4, OverdueOnly: true))).Queue));
    }

    [Fact]
    public async Task QueueAsync_ClassOrMentorOfNoneOfTheRectorsCases_IsReportedAndLeftOut()
    {
        var (queue, _) = await QueueAsync(new EscalationFilter(ClassId: _otherSchoolClass, MentorId: "nobody", Step: 3));

        Assert.True(queue.UnknownClass);
        Assert.True(queue.UnknownMentor);
        Assert.Equal((null, null, 3), (queue.Filter.ClassId, queue.Filter.MentorId, queue.Filter.Step));
        Assert.Equal(["OVERDUE3"], Names(queue));
        Assert.DoesNotContain(queue.Classes, c => c.Text == "7C");
    }

    [Fact]
    public async Task QueueAsync_ManyCases_PagesOf50_WithTheSameNumberOfQueries()
    {
        await using (var db = _database.CreateContext())
        {
            for (var i = 0; i < 60; i++)
            {
                var pupil = new Pupil
                {
                    ExternalId = $"EXTRA{i:00}", FirstName = "Elev", LastName = $"EXTRA{i:00}", GradeLevel = "8", SchoolId = _schoolId, ClassId = _class8A,
                };
                db.Cases.Add(new AbsenceCase { Pupil = pupil, OpenedOn = Today.AddDays(-1), Step = 3 });
            }
            await db.SaveChangesAsync();
        }

        var (first, firstQueries) = await QueueAsync();
        var (second, secondQueries) = await QueueAsync(page: 2);

        Assert.Equal((64, 2, 50, 14), (first.Total, first.PageCount, first.Rows.Count, second.Rows.Count));
        Assert.Equal("MCASE", Names(first)[0]);
        Assert.Empty(first.Rows.Select(r => r.CaseId).Intersect(second.Rows.Select(r => r.CaseId)));
        Assert.Equal(firstQueries, secondQueries);
        Assert.Equal(2, (await QueueAsync(page: 99)).Queue.Page);
        Assert.Equal(64, first.StepCounts.Sum(c => c.Count));
    }

    [SqliteOnlyFact("reads SQLite's planner (EXPLAIN QUERY PLAN); PostgreSQL's cost-based planner picks sequential scans on a test-sized table, so the same check would say nothing there")]
    public async Task QueueAsync_EveryQuerySeeksAnIndex_DaySummariesByTheirKey()
    {
        await QueueAsync();
        await using var db = _database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var plans = new List<(string Sql, List<string> Plan)>();
        foreach (var sql in _last.Commands)
            plans.Add((sql, await PlanAsync(db, sql)));
        var report = string.Join("\n\n", plans.Select(p => p.Sql + "\n" + string.Join("\n", p.Plan)));

        // Nothing is read table by table: with 100 000 pupils a scan of pupils, cases, tasks or attendance would be slow.
        // The one scan allowed is StaffAccess's walk of the schools (a row per school, a few hundred at most), each
        // checked against the rector's role assignments by their index.
        var schools = plans.Single(p => p.Sql.Contains("FROM \"Schools\"", StringComparison.Ordinal));
        Assert.Contains(schools.Plan, line => line.Contains("USING COVERING INDEX IX_RoleAssignments_UserId_Role", StringComparison.Ordinal));
        Assert.False(plans.Where(p => p != schools).SelectMany(p => p.Plan).Any(line => line.StartsWith("SCAN", StringComparison.Ordinal)
            && !line.Contains("COVERING INDEX", StringComparison.Ordinal) && !line.Contains("CONSTANT ROW", StringComparison.Ordinal)), report);
        var cases = plans.Single(p => p.Sql.Contains("FROM \"Cases\"", StringComparison.Ordinal)).Plan;
        Assert.True(cases.Any(line => line.Contains("IX_Pupils_SchoolId_ClassId (SchoolId=?)", StringComparison.Ordinal))
            && cases.Any(line => line.Contains("UX_Cases_OpenPerPupil (PupilId=?)", StringComparison.Ordinal)), report);
        // The day summaries, sought per pupil in their key (pupil, date); the lesson rows are not read at all.
        Assert.DoesNotContain(plans, p => p.Sql.Contains("FROM \"Attendance\"", StringComparison.Ordinal));
        var attendance = plans.Single(p => p.Sql.Contains("FROM \"AttendanceDays\"", StringComparison.Ordinal)).Plan;
        Assert.True(attendance.Any(line => line.Contains("USING PRIMARY KEY (PupilId=? AND Date>? AND Date<?)", StringComparison.Ordinal)), report);
        Assert.False(plans.SelectMany(p => p.Plan).Any(line => line.Contains("IX_Tasks_Status_Due", StringComparison.Ordinal)
            || line.Contains("IX_Attendance_Date", StringComparison.Ordinal)), report);
    }

    /// <summary>SQLite's plan for a command; the plan does not depend on the values, so every parameter gets one of the right shape.</summary>
    private static async Task<List<string>> PlanAsync(NarvaroDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, "@[A-Za-z_0-9]+").Select(m => m.Value).Distinct())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = name is "@from" or "@to" ? "2026-11-01"
                : name.Contains("userId", StringComparison.OrdinalIgnoreCase) || name.Contains("role", StringComparison.OrdinalIgnoreCase) ? "user" : 1;
            command.Parameters.Add(parameter);
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }
}
