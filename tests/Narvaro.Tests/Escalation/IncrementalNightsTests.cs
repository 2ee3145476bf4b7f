using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Narvaro.Cli;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// A night evaluates every pupil but writes only what changed. Five pupils on real SQLite, lessons from 1 September to
/// 6 October 2026 (the last day with rows), evaluated night by night up to 5 October; the night of 6 October is the one
/// measured. Every lesson is 60 minutes, five a day, so a pupil's absence % is the share of absent school days.
/// Window of 6 October: 7 Sep – 6 Oct = 18 school days in September + 1, 2, 5, 6 Oct = 22.
/// </summary>
public sealed class IncrementalNightsTests : IAsyncLifetime
{
    private static DateOnly D(int month, int day) => new(2026, month, day);
    private static readonly DateOnly Measured = D(10, 6);
    private static readonly string[] CaseTables = ["Cases", "Tasks", "CaseEvents"];

    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var days = SchoolBuilder.Weekdays(D(9, 1), Measured).ToList();

        // Advances: giltig absence from 1 Oct. 5 Oct: 3 of 21 days (14.3 %) -> step 3 (opened 4 Oct);
        // 6 Oct: 4 of 22 (18.2 %) -> step 4, its six tasks.
        var advances = b.Pupil("E-ADVANCES");
        foreach (var d in days) b.Day(advances, d, d >= D(10, 1) ? Whole(AttendanceType.Valid) : []);

        // Opens: late on 1, 2 and 6 Oct: the third late arrival in the window on 6 Oct opens a case at step 0 with L1.
        var opens = b.Pupil("E-OPENS");
        DateOnly[] lateDays = [D(10, 1), D(10, 2), D(10, 6)];
        foreach (var d in days) b.Day(opens, d, lateDays.Contains(d) ? [AttendanceType.Late] : []);

        // Unchanged: giltig absence 8–10 Sep; the case opened on 14 Sep (3 of 10 days, step 5) and stays there.
        var unchanged = b.Pupil("E-UNCHANGED");
        DateOnly[] absentDays = [D(9, 8), D(9, 9), D(9, 10)];
        foreach (var d in days) b.Day(unchanged, d, absentDays.Contains(d) ? Whole(AttendanceType.Valid) : []);

        // Day task: one ogiltig lesson on 6 Oct, none on 5 Oct: step 1's contact the same day, never a case.
        var dayTask = b.Pupil("E-DAYTASK");
        foreach (var d in days) b.Day(dayTask, d, d == Measured ? [AttendanceType.Invalid] : []);

        // Present every day: nothing, ever.
        var present = b.Pupil("E-PRESENT");
        foreach (var d in days) b.Day(present, d);

        await using (var db = _database.CreateContext())
            await b.SaveAsync(db);

        for (var d = D(9, 1); d < Measured; d = d.AddDays(1))
        {
            await using var night = _database.CreateContext();
            await Services.Evaluator(night).EvaluateAsync(d, "test");
        }
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static AttendanceType[] Whole(AttendanceType type) => Enumerable.Repeat(type, SchoolBuilder.LessonStarts.Length).ToArray();

    [Fact]
    public async Task EvaluateAsync_OneOpensOneAdvancesOneUnchangedOneDayTask_CountsEachOnTheRun()
    {
        var before = await DumpAsync();
        await using var db = _database.CreateContext();

        var result = await Services.Evaluator(db).EvaluateAsync(Measured, "test");

        Assert.Equal((5, 5), (result.Pupils, result.PupilsEvaluated));
        Assert.Equal((1, 1, 2), (result.CasesOpened, result.CasesAdvanced, result.PupilsChanged));
        // S4's six tasks and L1 on cases, S1's contact as a day task: three pupils.
        Assert.Equal((7, 1, 3), (result.TasksRaised, result.DayTasksRaised, result.PupilsWithNewTasks));

        var run = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == result.RunId);
        Assert.Equal(
            (Measured, 5, 2, 3, 1, 8, 0, "test"),
            (run.AsOf, run.PupilsEvaluated, run.PupilsChanged, run.PupilsWithNewTasks, run.CasesOpened, run.TasksRaised, run.DocumentsAttached, run.Trigger));

        // The unchanged pupil's and the present pupil's rows are exactly as before; the others got only new rows
        // (and the advancing case its new step).
        var after = await DumpAsync();
        var unchangedCase = await db.Cases.AsNoTracking().SingleAsync(c => c.Pupil!.ExternalId == "E-UNCHANGED");
        Assert.Equal(5, unchangedCase.Step);
        Assert.Equal(RowsOfCase(before, unchangedCase.Id), RowsOfCase(after, unchangedCase.Id));
        Assert.Equal(new[] { ("E-ADVANCES", 4, 0), ("E-OPENS", 0, 1), ("E-UNCHANGED", 5, 0) },
            (await db.Cases.AsNoTracking().Select(c => new { c.Pupil!.ExternalId, c.Step, c.LateLevel }).ToListAsync())
                .Select(c => (c.ExternalId, c.Step, c.LateLevel)).Order());
        Assert.Equal(new[] { "E-ADVANCES", "E-DAYTASK", "E-OPENS" },
            (await db.Tasks.AsNoTracking().Where(t => t.RaisedOn == Measured).Select(t => t.Pupil!.ExternalId).Distinct().ToListAsync()).Order());
    }

    [Fact]
    public async Task EvaluateAsync_SecondRunForTheSameDate_WritesNoRowOfCasesTasksOrCaseEvents()
    {
        await using (var first = _database.CreateContext())
            await Services.Evaluator(first).EvaluateAsync(Measured, "test");

        var (result, changes, before, after) = await EvaluateMeasuredAsync(Measured);

        Assert.Equal(before, after);
        // total_changes() of the evaluation's own connection counts every row inserted, updated or deleted, triggers
        // included: the one row is the run's own EvaluationRun. (SQLite only; on PostgreSQL the dumps carry each
        // row's xmin, so a row rewritten with the same values differs too.)
        AssertOnlyTheRunsRow(changes);
        Assert.Equal((5, 0, 0, 0, 0), (result.PupilsEvaluated, result.PupilsChanged, result.PupilsWithNewTasks, result.TasksRaised, result.DayTasksRaised));
    }

    [Fact]
    public async Task EvaluateAsync_NextDatesOnUnchangedLessons_WriteNoRowOfCasesTasksOrCaseEvents()
    {
        await using (var first = _database.CreateContext())
            await Services.Evaluator(first).EvaluateAsync(Measured, "test");

        // The window moves (7 Oct drops 7 Sep, 8 Oct drops 8 Sep, one of the unchanged pupil's absent days), and no
        // lesson is added: every pupil is evaluated again, nobody reaches anything new. (From 9 Oct the shrinking
        // window would lift the advancing pupil above 20 %: 4 of 19 days.)
        foreach (var next in new[] { D(10, 7), D(10, 8) })
        {
            var (result, changes, before, after) = await EvaluateMeasuredAsync(next);
            Assert.Equal(before, after);
            AssertOnlyTheRunsRow(changes);
            Assert.True(result.PupilsEvaluated == 5, $"{next}: {result.PupilsEvaluated} evaluated");
            Assert.Equal((0, 0, 0), (result.PupilsChanged, result.PupilsWithNewTasks, result.TasksRaised + result.DayTasksRaised));

            await using var db = _database.CreateContext();
            var run = await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == result.RunId);
            Assert.Equal((next, 5, 0, 0, 0, 0), (run.AsOf, run.PupilsEvaluated, run.PupilsChanged, run.PupilsWithNewTasks, run.CasesOpened, run.TasksRaised));
        }
    }

    [Fact]
    public async Task EvaluateAsync_ANewLessonThatChangesNothing_StillWritesNoCaseRow()
    {
        await using (var first = _database.CreateContext())
            await Services.Evaluator(first).EvaluateAsync(Measured, "test");
        // 7 Oct: everyone present: the measures move (one more school day), no step, M or late level is reached.
        await using (var db = _database.CreateContext())
        {
            var pupils = await db.Pupils.ToListAsync();
            foreach (var pupil in pupils)
                for (var i = 0; i < SchoolBuilder.LessonStarts.Length; i++)
                    db.Attendance.Add(new AttendanceRecord
                    {
                        PupilId = pupil.Id, Date = D(10, 7), Start = SchoolBuilder.LessonStarts[i],
                        End = SchoolBuilder.LessonStarts[i].AddMinutes(SchoolBuilder.LessonMinutes),
                        ScheduledMinutes = SchoolBuilder.LessonMinutes, Subject = "Matematik", Type = AttendanceType.Present,
                    });
            await db.SaveChangesAsync();
        }

        var (result, changes, before, after) = await EvaluateMeasuredAsync(D(10, 7));

        Assert.Equal(before, after);
        AssertOnlyTheRunsRow(changes);
        Assert.Equal((0, 0), (result.PupilsChanged, result.PupilsWithNewTasks));
    }

    [Fact]
    public async Task RecordDocumentsAttachedAsync_WritesTheCountOnThatRunOnly()
    {
        await using var db = _database.CreateContext();
        var evaluator = Services.Evaluator(db);
        var first = await evaluator.EvaluateAsync(Measured, "test");
        var second = await evaluator.EvaluateAsync(Measured, "test");

        await evaluator.RecordDocumentsAttachedAsync(first.RunId, 3);

        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.Id == first.RunId || r.Id == second.RunId)
            .ToDictionaryAsync(r => r.Id, r => r.DocumentsAttached);
        Assert.Equal((3, 0), (runs[first.RunId], runs[second.RunId]));
    }

    [Fact]
    public async Task NightlyCommand_PrintsTheRunsCountsInSwedish_AndRecordsTheDocumentsOnTheRun()
    {
        var output = new StringWriter();
        var code = await CommandLine.RunAsync(_database, ["nightly", "--as-of", "2026-10-06"], output, new StringWriter());

        Assert.Equal(0, code);
        await using var db = _database.CreateContext();
        var run = await db.EvaluationRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
        // Bilaga 1–3 for each of the two cases at step 3 or higher (E-ADVANCES at 4, E-UNCHANGED at 5).
        Assert.Equal((Measured, "cli", 2, 3, 6), (run.AsOf, run.Trigger, run.PupilsChanged, run.PupilsWithNewTasks, run.DocumentsAttached));
        Assert.Contains($"Körning {run.Id}: 5 elever bedömda, 2 med ändrat ärende (öppnat eller gått vidare), 3 med nya uppgifter, 6 dokument bifogade.",
            output.ToString());

        // Again: nothing changed, nothing attached; the new run says so and the first keeps its documents.
        var again = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(_database, ["nightly", "--as-of", "2026-10-06"], again, new StringWriter()));
        Assert.Matches(@"Körning \d+: 5 elever bedömda, 0 med ändrat ärende \(öppnat eller gått vidare\), 0 med nya uppgifter, 0 dokument bifogade\.", again.ToString());
        Assert.Equal(6, (await db.EvaluationRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id)).DocumentsAttached);
    }

    /// <summary>
    /// Evaluates <paramref name="asOf"/> on a context whose connection stays open, so SQLite's total_changes() before
    /// and after are read on the very connection that ran the evaluation's writes; with dumps of the case tables.
    /// The change count is SQLite's own (null on another provider, where the dumps' row versions are the proof).
    /// </summary>
    private async Task<(EvaluationResult Result, long? Changes, string Before, string After)> EvaluateMeasuredAsync(DateOnly asOf)
    {
        var before = await DumpAsync();
        await using var db = _database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var start = await TotalChangesAsync(db);
        var result = await Services.Evaluator(db).EvaluateAsync(asOf, "test");
        var changes = await TotalChangesAsync(db) - start;
        await db.Database.CloseConnectionAsync();
        return (result, changes, before, await DumpAsync());
    }

    private static void AssertOnlyTheRunsRow(long? changes)
    {
        if (TestProvider.IsSqlite) Assert.Equal(1, changes);
        else Assert.Null(changes);
    }

    private static async Task<long?> TotalChangesAsync(NarvaroDbContext db)
    {
        if (!db.Database.IsSqlite()) return null;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT total_changes()";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Every row and column of Cases, Tasks and CaseEvents, sorted; on PostgreSQL each row also with its xmin (the
    /// transaction that last wrote it), so an update that writes the same values shows too.
    /// </summary>
    private async Task<string> DumpAsync()
    {
        var dump = new StringBuilder();
        await using var db = _database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var version = db.Database.IsNpgsql() ? ", t.xmin::text AS \"RowVersion\"" : "";
        foreach (var table in CaseTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT t.*{version} FROM \"{table}\" t";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder(table).Append('|');
                for (var i = 0; i < reader.FieldCount; i++)
                    row.Append(reader.GetName(i)).Append('=')
                        .Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                rows.Add(row.ToString());
            }
            rows.Sort(StringComparer.Ordinal);
            dump.Append(table).Append(' ').Append(rows.Count).Append('\n').AppendJoin('\n', rows).Append('\n');
        }
        return dump.ToString();
    }

    private static string RowsOfCase(string dump, int caseId) => string.Join('\n', dump.Split('\n').Where(line =>
        line.StartsWith($"Cases|Id={caseId}|", StringComparison.Ordinal) || line.Contains($"|CaseId={caseId}|", StringComparison.Ordinal)));
}
