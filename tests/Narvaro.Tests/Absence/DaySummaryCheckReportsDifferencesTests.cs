using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Cli;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Absence;

/// <summary>
/// A summary made wrong behind the triggers' back (a raw UPDATE, a deleted row, a stray row) is reported by
/// <see cref="DaySummaryCheck"/> and by <c>narvaro verify-summaries</c>, exactly those differences and no others.
/// </summary>
public sealed class DaySummaryCheckReportsDifferencesTests : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 9, 7);
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var school = new SchoolBuilder();
        var p1 = school.Pupil("P1");
        var p2 = school.Pupil("P2");
        var dates = SchoolBuilder.Weekdays(Monday, Monday.AddDays(4)).ToList();
        school.Days(p1, dates, AttendanceType.Present).Day(p2, Monday, AttendanceType.Invalid, AttendanceType.Late)
            .Day(p2, Monday.AddDays(1), AttendanceType.Valid);
        await using var db = _database.CreateContext();
        await school.SaveAsync(db);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<(int Exit, string Output)> VerifyFromCommandLineAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(_database, ["verify-summaries"], output, error);
        Assert.Equal("", error.ToString());
        return (exit, output.ToString());
    }

    private async Task SqlAsync(string sql)
    {
        await using var db = _database.CreateContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<int> PupilIdAsync(string externalId)
    {
        await using var db = _database.CreateContext();
        return await db.Pupils.Where(p => p.ExternalId == externalId).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task Equal_summaries_are_reported_as_such_with_exit_code_zero()
    {
        await using (var db = _database.CreateContext())
        {
            var result = await new DaySummaryCheck(db).RunAsync();
            Assert.True(result.Equal);
            Assert.Equal((7L, 0L), (result.DaysChecked, result.DifferenceCount));
            Assert.Empty(result.Differences);
        }

        var (exit, output) = await VerifyFromCommandLineAsync();

        Assert.Equal(0, exit);
        Assert.Equal("Dagssummeringar stämmer: 7 dagar kontrollerade." + Environment.NewLine, output);
    }

    [Fact]
    public async Task A_corrupted_value_is_reported_with_the_expected_and_found_value()
    {
        var p2 = await PupilIdAsync("P2");
        await SqlAsync($"""UPDATE "AttendanceDays" SET "InvalidMinutes" = 7, "LateArrivals" = 3 WHERE "PupilId" = {p2} AND "Date" = '2026-09-07'""");

        await using (var db = _database.CreateContext())
        {
            var result = await new DaySummaryCheck(db).RunAsync();
            Assert.False(result.Equal);
            Assert.Equal(2, result.DifferenceCount);
            Assert.Equal(
            [
                new DaySummaryDifference(p2, "P2", Monday, "InvalidMinutes", 60, 7),
                new DaySummaryDifference(p2, "P2", Monday, "LateArrivals", 1, 3),
            ], result.Differences);
        }

        var (exit, output) = await VerifyFromCommandLineAsync();
        Assert.Equal(1, exit);
        Assert.Equal(
        [
            "Dagssummeringar stämmer inte: 2 skillnader bland 7 dagar.",
            "elev_id;datum;kolumn;väntat;funnet",
            "P2;2026-09-07;InvalidMinutes;60;7",
            "P2;2026-09-07;LateArrivals;1;3",
        ], output.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task A_deleted_row_and_a_stray_row_are_reported()
    {
        int p1 = await PupilIdAsync("P1"), p2 = await PupilIdAsync("P2");
        await SqlAsync($"""DELETE FROM "AttendanceDays" WHERE "PupilId" = {p1} AND "Date" = '2026-09-09'""");
        await SqlAsync($"""
            INSERT INTO "AttendanceDays" ("PupilId", "Date", "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes",
                "InvalidMinutes", "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals")
            VALUES ({p2}, '2026-09-10', 2, 120, 2, 120, 0, 120, 2, 0, 0, 0)
            """);

        await using (var db = _database.CreateContext())
        {
            var result = await new DaySummaryCheck(db).RunAsync();
            Assert.Equal(8, result.DaysChecked);
            Assert.Equal(
            [
                new DaySummaryDifference(p1, "P1", Monday.AddDays(2), DaySummaryCheck.MissingRow, 5, null),
                new DaySummaryDifference(p2, "P2", Monday.AddDays(3), DaySummaryCheck.ExtraRow, null, 2),
            ], result.Differences);
            Assert.Equal(2, result.DifferenceCount);
        }

        var (exit, output) = await VerifyFromCommandLineAsync();
        Assert.Equal(1, exit);
        Assert.Contains("P1;2026-09-09;rad saknas;5;-", output);
        Assert.Contains("P2;2026-09-10;rad utan lektioner;-;2", output);
    }

    [Fact]
    public async Task Many_differences_are_counted_in_full_but_listed_only_up_to_the_cap()
    {
        await SqlAsync("""UPDATE "AttendanceDays" SET "OfferedMinutes" = "OfferedMinutes" + 1, "ReportedMinutes" = "ReportedMinutes" + 1""");

        await using (var db = _database.CreateContext())
        {
            var result = await new DaySummaryCheck(db).RunAsync(maxListed: 3);
            Assert.Equal(14, result.DifferenceCount);
            Assert.Equal(3, result.Differences.Count);
        }
    }
}
