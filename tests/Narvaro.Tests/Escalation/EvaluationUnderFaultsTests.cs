using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;
using Npgsql;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Staircase-rules.md: "Running the evaluation again for the same D, or concurrently, changes nothing." Each test
/// compares the cases and tasks with those of one clean run on an identical database.
/// </summary>
public class EvaluationUnderFaultsTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 16);

    /// <summary>Twenty pupils over September–October: some at each step, some with M, L1 and L2, some with nothing.</summary>
    private static async Task<TestDatabase> SeededAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var days = SchoolBuilder.Weekdays(new DateOnly(2026, 9, 1), AsOf).ToList();
        for (var i = 0; i < 20; i++)
        {
            var pupil = b.Pupil($"F-{i:00}");
            for (var n = 0; n < days.Count; n++)
            {
                var d = days[n];
                AttendanceType[] lessons = (i % 5) switch
                {
                    0 => [],                                                                      // present
                    1 => n % (2 + i % 7) == 0 ? [AttendanceType.Valid, AttendanceType.Valid] : [], // step 3–5 depending on i
                    2 => n >= days.Count - 12 ? Enumerable.Repeat(AttendanceType.Invalid, 5).ToArray() : [], // M
                    3 => n % 3 == 0 ? [AttendanceType.Late] : [],                                 // L1/L2
                    _ => (days.Count - 1 - n) % 4 == 0 ? [AttendanceType.Invalid] : [],            // step 1 on D itself
                };
                b.Day(pupil, d, lessons);
            }
        }
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        return database;
    }

    private static async Task<string> OutcomeAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.Pupil!.ExternalId)
            .Select(c => $"{c.Pupil!.ExternalId} step={c.Step} m={c.ContinuousInvalid} late={c.LateLevel} opened={c.OpenedOn}").ToListAsync();
        var tasks = await db.Tasks.AsNoTracking()
            .Select(t => $"{t.Pupil!.ExternalId} {t.Code} {t.Role} {t.RaisedOn} {t.Due} case={t.CaseId != null}").ToListAsync();
        var events = await db.CaseEvents.CountAsync();
        return string.Join("\n", cases.Concat(tasks.Order(StringComparer.Ordinal)).Append($"events={events}"));
    }

    private static async Task EvaluateAsync(TestDatabase database, DateOnly asOf)
    {
        await using var db = database.CreateContext();
        await Services.Evaluator(db).EvaluateAsync(asOf, "test");
    }

    private static async Task<string> CleanRunAsync()
    {
        await using var clean = await SeededAsync();
        await EvaluateAsync(clean, AsOf);
        return await OutcomeAsync(clean);
    }

    [Fact]
    public async Task CleanRun_RaisesCasesOfEveryKind()
    {
        var outcome = await CleanRunAsync();
        Assert.Contains("step=5", outcome);
        Assert.Contains("m=True", outcome);
        Assert.Contains("late=2", outcome);
        Assert.Contains("S1-CONTACT", outcome);
    }

    [Fact]
    public async Task EvaluateAsync_SameDateTwice_LeavesWhatOneRunLeaves()
    {
        var expected = await CleanRunAsync();
        await using var database = await SeededAsync();

        await EvaluateAsync(database, AsOf);
        await EvaluateAsync(database, AsOf);

        Assert.Equal(expected, await OutcomeAsync(database));
    }

    [Fact]
    public async Task EvaluateAsync_TwoAtOnceOnTwoConnections_LeavesWhatOneRunLeaves()
    {
        var expected = await CleanRunAsync();
        await using var database = await SeededAsync();

        // Two "web nodes": separate contexts and connections on separate threads, started together.
        using var start = new Barrier(2);
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            await EvaluateAsync(database, AsOf);
        }));
        await Task.WhenAll(runs);

        Assert.Equal(expected, await OutcomeAsync(database));
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.EvaluationRuns.CountAsync());
    }

    [Fact]
    public async Task EvaluateAsync_AbortedHalfway_LeavesNothingAndARerunLeavesWhatOneRunLeaves()
    {
        var expected = await CleanRunAsync();
        await using var database = await SeededAsync();

        // The process "dies" after the fifth task is written: the database refuses the sixth insert.
        await using (var db = database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
                ? """
                  CREATE FUNCTION crash_after_five_tasks() RETURNS trigger LANGUAGE plpgsql AS $fn$
                  BEGIN
                      IF (SELECT COUNT(*) FROM "Tasks") >= 5 THEN RAISE EXCEPTION 'simulated crash'; END IF;
                      RETURN NEW;
                  END
                  $fn$;
                  CREATE TRIGGER crash_after_five_tasks BEFORE INSERT ON "Tasks"
                      FOR EACH ROW EXECUTE FUNCTION crash_after_five_tasks();
                  """
                : """
                  CREATE TRIGGER crash_after_five_tasks BEFORE INSERT ON "Tasks"
                  WHEN (SELECT COUNT(*) FROM "Tasks") >= 5
                  BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;
                  """);
        }
        Exception crash = TestProvider.Current == DatabaseProvider.PostgreSql
            ? await Assert.ThrowsAsync<PostgresException>(() => EvaluateAsync(database, AsOf))
            : await Assert.ThrowsAsync<SqliteException>(() => EvaluateAsync(database, AsOf));
        Assert.Contains("simulated crash", crash.Message);

        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.Tasks.CountAsync());
            Assert.Equal(0, await db.Cases.CountAsync());
            Assert.Equal(0, await db.CaseEvents.CountAsync());
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
                ? "DROP TRIGGER crash_after_five_tasks ON \"Tasks\"; DROP FUNCTION crash_after_five_tasks();"
                : "DROP TRIGGER crash_after_five_tasks");
        }

        await EvaluateAsync(database, AsOf);
        Assert.Equal(expected, await OutcomeAsync(database));
    }

    [Fact]
    public async Task Database_SecondOpenCaseForAPupil_IsRefusedByUniqueKey()
    {
        await using var database = await SeededAsync();
        await EvaluateAsync(database, AsOf);
        await using var db = database.CreateContext();
        var open = await db.Cases.FirstAsync();
        db.Cases.Add(new AbsenceCase { PupilId = open.PupilId, OpenedOn = AsOf, Step = 3 });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Database_SameTaskTwiceInACase_IsRefusedByUniqueKey()
    {
        await using var database = await SeededAsync();
        await EvaluateAsync(database, AsOf);
        await using var db = database.CreateContext();
        var task = await db.Tasks.FirstAsync(t => t.CaseId != null);
        db.Tasks.Add(new CaseTask { PupilId = task.PupilId, CaseId = task.CaseId, Code = task.Code, Role = task.Role, RaisedOn = AsOf, Due = AsOf });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task ClosedCase_LaterTriggerOpensANewCase()
    {
        await using var database = await SeededAsync();
        await EvaluateAsync(database, AsOf);
        int pupilId;
        await using (var db = database.CreateContext())
        {
            var first = await db.Cases.OrderBy(c => c.Id).FirstAsync(c => c.Step >= 3);
            pupilId = first.PupilId;
            await new Narvaro.Escalation.CaseService(db, TimeProvider.System).CloseAsync(first.Id, "rektor", AsOf, "Närvaron har förbättrats.");
        }
        await EvaluateAsync(database, AsOf.AddDays(1));
        await using (var db = database.CreateContext())
        {
            var cases = await db.Cases.Where(c => c.PupilId == pupilId).OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(2, cases.Count);
            Assert.NotNull(cases[0].ClosedOn);
            Assert.Null(cases[1].ClosedOn);
            Assert.Equal(AsOf.AddDays(1), cases[1].OpenedOn);
            Assert.Contains(await db.Tasks.Where(t => t.CaseId == cases[1].Id).Select(t => t.Code).ToListAsync(), c => c == "S3-CHECKLIST");
        }
    }
}
