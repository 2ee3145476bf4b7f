using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Mentoring;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Mentoring;

/// <summary>
/// Mina elever on real SQLite: only the mentor's own pupils, the rolling window's figures and six months, most urgent
/// first (overdue tasks, then step, then absence %), and a fixed number of queries whatever the number of pupils.
/// </summary>
public sealed class MenteeListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);

    private TestDatabase _database = null!;
    private string _mentorId = null!;
    private readonly Dictionary<string, int> _ids = [];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var builder = new SchoolBuilder();
        var november = SchoolBuilder.Weekdays(new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 1)).ToList();
        var absent = builder.Pupil("ABSENT");
        var overdue = builder.Pupil("OVERDUE");
        var step4 = builder.Pupil("STEP4");
        var unreported = builder.Pupil("UNREPORTED");
        var others = builder.Pupil("OTHERS");
        foreach (var day in november)
        {
            // ABSENT: two of five lessons ogiltig every day (40 %); the others present.
            builder.Day(absent, day, AttendanceType.Invalid, AttendanceType.Invalid);
            builder.Day(overdue, day);
            builder.Day(step4, day, AttendanceType.Valid);
            builder.Day(unreported, day, AttendanceType.NotReported);
            builder.Day(others, day, AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Invalid);
        }
        builder.Day(absent, new DateOnly(2026, 9, 14), AttendanceType.Valid);
        await builder.SaveAsync(db);

        var otherMentor = StaffAccounts.NewUser("annan@test.se", "Anna Annan");
        db.Users.Add(otherMentor);
        others.MentorId = otherMentor.Id;
        var @case = new AbsenceCase { PupilId = step4.Id, OpenedOn = Today.AddDays(-5), Step = 4, ContinuousInvalid = true };
        db.Cases.Add(@case);
        db.Tasks.AddRange(
            new CaseTask { PupilId = overdue.Id, Code = TaskCatalog.S1Contact, Role = "Mentor", RaisedOn = Today.AddDays(-2), Due = Today.AddDays(-2) },
            new CaseTask { PupilId = step4.Id, Case = @case, Code = TaskCatalog.S4InformRector, Role = "Mentor", RaisedOn = Today.AddDays(-1), Due = Today },
            new CaseTask { PupilId = step4.Id, Case = @case, Code = TaskCatalog.S4Skolsocial, Role = "Rektor", RaisedOn = Today.AddDays(-5), Due = Today.AddDays(-2) },
            new CaseTask { PupilId = others.Id, Code = TaskCatalog.S1Contact, Role = "Mentor", RaisedOn = Today, Due = Today });
        await db.SaveChangesAsync();
        _mentorId = absent.MentorId!;
        foreach (var p in new[] { absent, overdue, step4, unreported, others }) _ids[p.ExternalId] = p.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private CommandCounter _last = null!;

    private async Task<(MenteePage Page, int Queries)> PageAsync(MenteeSort sort = MenteeSort.Urgency, int page = 1)
    {
        var counter = _last = new CommandCounter();
        var options = new DbContextOptionsBuilder<NarvaroDbContext>(_database.Options).AddInterceptors(counter).Options;
        await using var db = new NarvaroDbContext(options);
        var result = await new MenteeListService(db, new StoppedClock(Now)).PageAsync(_mentorId, sort, page);
        return (result, counter.Count);
    }

    [Fact]
    public async Task PageAsync_OwnMentees_MostUrgentFirst_WithTheWindowsFigures()
    {
        var (page, queries) = await PageAsync();

        Assert.Equal(["OVERDUE", "STEP4", "ABSENT", "UNREPORTED"], page.Rows.Select(r => r.Name["Elev ".Length..]));
        Assert.Equal(4, page.Total);
        Assert.True(queries <= 6, $"{queries} queries");

        var absent = page.Rows.Single(r => r.PupilId == _ids["ABSENT"]);
        Assert.Equal(40.0, absent.Measures.AbsencePercent, 6);
        Assert.Equal(40.0, absent.Measures.InvalidPercent, 6);
        Assert.False(absent.LowCoverage);
        Assert.False(absent.HasOpenCase);
        Assert.Equal(SchoolBuilder.Weekdays(new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 1)).Count(), absent.Measures.SchoolDays);
        Assert.Equal([new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)],
            absent.Months.Select(m => m.Month));
        Assert.Equal([null, null, 20.0, null, 40.0, 40.0], absent.Months.Select(m => m.AbsencePercent));

        var step4 = page.Rows.Single(r => r.PupilId == _ids["STEP4"]);
        Assert.True(step4.HasOpenCase);
        Assert.Equal((4, true), (step4.Step, step4.ContinuousInvalid));
        // Only the mentor's own tasks: the rector's overdue S4-SKOLSOCIAL is not the mentor's to do.
        var task = Assert.Single(step4.OpenTasks);
        Assert.Equal((TaskCatalog.S4InformRector, false), (task.Code, task.Overdue));
        Assert.False(step4.HasOverdue);

        Assert.True(page.Rows.Single(r => r.PupilId == _ids["UNREPORTED"]).LowCoverage);

        var contact = Assert.Single(page.ContactsToday);
        Assert.Equal((_ids["OVERDUE"], true), (contact.PupilId, contact.Overdue));
    }

    [Fact]
    public async Task PageAsync_ManyMentees_PagesOf50_WithTheSameNumberOfQueries()
    {
        await using (var db = _database.CreateContext())
        {
            var template = await db.Pupils.AsNoTracking().FirstAsync(p => p.MentorId == _mentorId);
            for (var i = 0; i < 60; i++)
                db.Pupils.Add(new Pupil
                {
                    ExternalId = $"EXTRA{i:00}", FirstName = "Extra", LastName = $"{i:00}", GradeLevel = "8",
                    SchoolId = template.SchoolId, ClassId = template.ClassId, MentorId = _mentorId,
                });
            await db.SaveChangesAsync();
        }

        var (first, firstQueries) = await PageAsync(MenteeSort.Name, 1);
        var (second, secondQueries) = await PageAsync(MenteeSort.Name, 2);

        Assert.Equal((64, 2, 50, 14), (first.Total, first.PageCount, first.Rows.Count, second.Rows.Count));
        Assert.Empty(first.Rows.Select(r => r.PupilId).Intersect(second.Rows.Select(r => r.PupilId)));
        Assert.True(firstQueries <= 6 && secondQueries <= 6, $"{firstQueries} and {secondQueries} queries");
        Assert.Equal(2, (await PageAsync(MenteeSort.Name, 99)).Page.Page);
    }

    [SqliteOnlyFact("reads SQLite's planner (EXPLAIN QUERY PLAN); PostgreSQL's cost-based planner picks sequential scans on a test-sized table, so the same check would say nothing there")]
    public async Task PageAsync_EveryQuerySeeksAnIndex_DaySummariesByTheirKey()
    {
        await PageAsync();
        await using var db = _database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var plans = new List<(string Sql, List<string> Plan)>();
        foreach (var sql in _last.Commands)
            plans.Add((sql, await PlanAsync(db, sql)));
        var report = string.Join("\n\n", plans.Select(p => p.Sql + "\n" + string.Join("\n", p.Plan)));

        // Nothing is read table by table: with 100 000 pupils a scan of pupils, tasks or attendance would be slow.
        Assert.DoesNotContain(plans.SelectMany(p => p.Plan), line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("COVERING INDEX", StringComparison.Ordinal) && !line.Contains("CONSTANT ROW", StringComparison.Ordinal));
        // The day summaries, sought per pupil in their key (pupil, date), which on SQLite is the table itself (WITHOUT ROWID);
        // the lesson rows are not read at all.
        Assert.DoesNotContain(plans, p => p.Sql.Contains("FROM \"Attendance\"", StringComparison.Ordinal));
        var attendance = plans.Single(p => p.Sql.Contains("FROM \"AttendanceDays\"", StringComparison.Ordinal)).Plan;
        Assert.True(attendance.Any(line => line.Contains("USING PRIMARY KEY (PupilId=? AND Date>? AND Date<?)", StringComparison.Ordinal)), report);
        Assert.DoesNotContain(plans.SelectMany(p => p.Plan), line => line.Contains("IX_Tasks_Status_Due", StringComparison.Ordinal) || line.Contains("IX_Attendance_Date", StringComparison.Ordinal));
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
            parameter.Value = name is "@from" or "@to" ? "2026-11-01" : name.Contains("userId", StringComparison.OrdinalIgnoreCase) ? "user" : 1;
            command.Parameters.Add(parameter);
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }

    [Fact]
    public async Task PageAsync_NoMentees_IsEmpty()
    {
        await using var db = _database.CreateContext();
        var page = await new MenteeListService(db, new StoppedClock(Now)).PageAsync("nobody", MenteeSort.Urgency, 1);
        Assert.Equal((0, 1), (page.Total, page.PageCount));
        Assert.Empty(page.Rows);
    }
}
