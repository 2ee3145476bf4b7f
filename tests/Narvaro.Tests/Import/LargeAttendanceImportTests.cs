using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Import;
using Narvaro.Tests.Infrastructure;
using Npgsql;

namespace Narvaro.Tests.Import;

/// <summary>
/// A file large enough that the SQLite writer rebuilds the date index instead of maintaining it row by row: the result
/// is the same as a small import, and a failure in the middle of the write leaves nothing behind, index included.
/// On PostgreSQL (binary COPY into a load table, then one INSERT … ON CONFLICT) the same file must give the same rows,
/// the same indexes and, on failure, an unchanged database.
/// </summary>
public class LargeAttendanceImportTests
{
    private const int Days = 1100;
    private static readonly string[] Starts = Enumerable.Range(0, 50).Select(i => $"{7 + i / 6:D2}:{i % 6 * 10:D2}").ToArray();

    /// <summary>E1 and E2, every day for three years, 50 ten-minute lessons a day: more rows than the rebuild threshold.</summary>
    private static byte[] File(string? lastSubject = null)
    {
        var text = new StringBuilder(Csv.AttendanceHeader).Append('\n');
        var first = new DateOnly(2025, 1, 1);
        var rows = 0;
        foreach (var pupil in new[] { "E2", "E1" })
            for (var day = 0; day < Days; day++)
                foreach (var start in Starts)
                {
                    rows++;
                    var type = (day + rows) % 7 == 0 ? "ogiltig" : "narvarande";
                    var end = $"{start[..3]}{start[3]}9";
                    text.Append(pupil).Append(';').Append(first.AddDays(day).ToString("yyyy-MM-dd")).Append(';').Append(start).Append(';')
                        .Append(end).Append(";Matematik;;").Append(type).Append('\n');
                }
        if (lastSubject is not null)
            text.Append("E2;2030-01-01;08:00;09:00;").Append(lastSubject).Append(";0;\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static int RowsInFile => 2 * Days * Starts.Length;

    [Fact]
    public async Task A_large_file_is_written_whole_and_the_date_index_is_rebuilt()
    {
        Assert.True(RowsInFile >= AttendanceWriter.RebuildIndexesFromNewRows);
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        var indexesBefore = await IndexesAsync(database);

        ImportResult<AttendanceImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new AttendanceImporter(db).ImportAsync(new MemoryStream(File()));

        Assert.True(result.Succeeded, string.Join("\n", result.ErrorMessages()));
        Assert.Equal(RowsInFile, result.Summary!.Rows);
        Assert.Equal(RowsInFile - 1, result.Summary.NewRows); // the seeded lesson E1 2026-09-01 08:00 is replaced
        Assert.Equal(1, result.Summary.ReplacedRows);
        Assert.Equal(indexesBefore, await IndexesAsync(database));
        await using var check = database.CreateContext();
        Assert.Equal(RowsInFile, await check.Attendance.CountAsync());
        Assert.Equal(RowsInFile, await check.Attendance.CountAsync(a => a.ScheduledMinutes == 9 && a.End > a.Start));
        var replaced = await check.Attendance.SingleAsync(a => a.Pupil!.ExternalId == "E1" && a.Date == TestSchool.SeededLessonDate
            && a.Start == new TimeOnly(8, 0));
        Assert.Equal(new TimeOnly(8, 9), replaced.End);
        // Through the date index: the same rows as through the key.
        Assert.Equal(2 * Starts.Length, await ScalarAsync(database, database.Provider == DatabaseProvider.Sqlite
            ? """SELECT COUNT(*) FROM "Attendance" INDEXED BY "IX_Attendance_Date" WHERE "Date" = '2026-09-01'"""
            : """SELECT COUNT(*) FROM "Attendance" WHERE "Date" = '2026-09-01'"""));
        await AssertIntegrityAsync(database);
    }

    [Fact]
    public async Task A_write_that_fails_near_the_end_leaves_the_database_and_its_indexes_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        // Stands for any failure during the write (disk full, constraint, crash of the statement) after most rows went in.
        await ScalarAsync<long>(database, database.Provider == DatabaseProvider.Sqlite
            ? """
              CREATE TRIGGER "FailOnBoom" BEFORE INSERT ON "Attendance" WHEN NEW."Subject" = 'Boom'
              BEGIN SELECT RAISE(ABORT, 'boom'); END
              """
            : """
              CREATE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $fn$
              BEGIN
                  IF NEW."Subject" = 'Boom' THEN RAISE EXCEPTION 'boom'; END IF;
                  RETURN NEW;
              END
              $fn$;
              CREATE TRIGGER "FailOnBoom" BEFORE INSERT ON "Attendance" FOR EACH ROW EXECUTE FUNCTION fail_on_boom();
              """);
        var before = await DatabaseDump.ChecksumAsync(database);
        var indexesBefore = await IndexesAsync(database);

        await using (var db = database.CreateContext())
        {
            Func<Task> import = () => new AttendanceImporter(db).ImportAsync(new MemoryStream(File(lastSubject: "Boom")));
            Exception failed = database.Provider == DatabaseProvider.Sqlite
                ? await Assert.ThrowsAsync<SqliteException>(import)
                : await Assert.ThrowsAsync<PostgresException>(import);
            Assert.Contains("boom", failed.Message);
        }

        Assert.Equal(indexesBefore, await IndexesAsync(database));
        Assert.Equal(before, await DatabaseDump.ChecksumAsync(database));
        await AssertIntegrityAsync(database);
    }

    /// <summary>Each index of Attendance with its definition.</summary>
    private static async Task<string> IndexesAsync(TestDatabase database) =>
        await ScalarAsync<string>(database, database.Provider == DatabaseProvider.Sqlite
            ? "SELECT group_concat(name || ': ' || sql, ' | ') FROM (SELECT name, sql FROM sqlite_master WHERE tbl_name = 'Attendance' AND type = 'index' AND sql IS NOT NULL ORDER BY name)"
            : "SELECT string_agg(indexname || ': ' || indexdef, ' | ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'Attendance'");

    /// <summary>SQLite's own check of the file (a rebuilt index included); a server has no file-level check to ask for.</summary>
    private static async Task AssertIntegrityAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
            Assert.Equal("ok", await ScalarAsync<string>(database, "PRAGMA integrity_check"));
    }

    private static Task<long> ScalarAsync(TestDatabase database, string sql) => ScalarAsync<long>(database, sql);

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var context = database.CreateContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }
}
