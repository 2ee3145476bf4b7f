using System.Text;
using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Data;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Import;
using Narvaro.Tests.Import;
using Narvaro.Tests.Infrastructure;
using Narvaro.Tests.Ss12000;

namespace Narvaro.Tests.Absence;

/// <summary>
/// The day summaries (AttendanceDays, kept by triggers on "Attendance") equal the lessons after every way lessons are
/// written: CSV import (row by row and the bulk path that rebuilds the indexes), a re-import that replaces rows, the
/// SS 12000 import, EF adds, updates and deletes, deleting a pupil, a rolled-back transaction and the demo seeder.
/// Each is checked with <see cref="DaySummaryCheck"/> and, where the expected figures are simple, by value.
/// </summary>
public sealed class DaySummariesFollowEveryWriteTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<DaySummaryCheckResult> AssertEqualAsync(long expectedDays)
    {
        await using var db = _database.CreateContext();
        var result = await new DaySummaryCheck(db).RunAsync();
        Assert.True(result.Equal, string.Join("\n", result.Differences));
        Assert.Equal(expectedDays, result.DaysChecked);
        Assert.Equal(expectedDays, await db.AttendanceDays.CountAsync());
        return result;
    }

    private async Task<AttendanceDay> DayAsync(string externalId, DateOnly date)
    {
        await using var db = _database.CreateContext();
        return await db.AttendanceDays.AsNoTracking().SingleAsync(d => d.Date == date && db.Pupils.Any(p => p.Id == d.PupilId && p.ExternalId == externalId));
    }

    private async Task<ImportResult<AttendanceImportSummary>> ImportAsync(string text)
    {
        await using var db = _database.CreateContext();
        var result = await new AttendanceImporter(db).ImportAsync(Csv.Stream(text));
        Assert.True(result.Succeeded, string.Join("\n", result.ErrorMessages()));
        return result;
    }

    [Fact]
    public async Task Csv_import_and_a_reimport_that_replaces_rows_keep_the_summary_equal()
    {
        await TestSchool.SeedAsync(_database);
        await ImportAsync(Csv.Text(Csv.AttendanceHeader,
            "E1;2026-09-01;08:00;09:00;Matematik;60;ogiltig",   // replaces the seeded present lesson
            "E1;2026-09-01;09:10;10:00;Svenska;10;sen",
            "E1;2026-09-01;10:10;11:00;Engelska;0;ej_rapporterad",
            "E1;2026-09-02;08:00;09:00;Matematik;60;giltig",
            "E2;2026-09-01;08:00;09:00;Matematik;30;ledighet",
            "E2;2026-09-01;09:10;10:00;Svenska;0;"));
        await AssertEqualAsync(3);
        var day = await DayAsync("E1", new DateOnly(2026, 9, 1));
        Assert.Equal((3, 160, 2, 110, 0, 60, 1, 0, 10, 1),
            (day.Lessons, day.OfferedMinutes, day.ReportedLessons, day.ReportedMinutes, day.ValidMinutes, day.InvalidMinutes,
                day.InvalidLessons, day.LeaveMinutes, day.LateMinutes, day.LateArrivals));

        // The same keys again with other types and minutes: the rows are replaced, the summary follows.
        await ImportAsync(Csv.Text(Csv.AttendanceHeader,
            "E1;2026-09-01;08:00;09:00;Matematik;0;",
            "E1;2026-09-01;09:10;10:00;Svenska;50;ogiltig",
            "E1;2026-09-01;10:10;11:00;Engelska;5;sen",
            "E2;2026-09-01;08:00;09:00;Matematik;0;ej_rapporterad"));
        await AssertEqualAsync(3);
        day = await DayAsync("E1", new DateOnly(2026, 9, 1));
        Assert.Equal((3, 160, 3, 160, 50, 1, 5, 1),
            (day.Lessons, day.OfferedMinutes, day.ReportedLessons, day.ReportedMinutes, day.InvalidMinutes, day.InvalidLessons, day.LateMinutes, day.LateArrivals));
        var e2 = await DayAsync("E2", new DateOnly(2026, 9, 1));
        Assert.Equal((2, 1, 50, 0), (e2.Lessons, e2.ReportedLessons, e2.ReportedMinutes, e2.LeaveMinutes));
    }

    [Fact]
    public async Task A_bulk_csv_import_that_rebuilds_the_indexes_keeps_the_summary_equal()
    {
        await TestSchool.SeedAsync(_database);
        const int days = 1010;
        var starts = Enumerable.Range(0, 50).Select(i => $"{7 + i / 6:D2}:{i % 6 * 10:D2}").ToArray();
        var text = new StringBuilder(Csv.AttendanceHeader).Append('\n');
        var types = new[] { "", "giltig", "ogiltig", "ledighet", "sen", "ej_rapporterad" };
        var n = 0;
        foreach (var pupil in new[] { "E1", "E2" })
            for (var day = 0; day < days; day++)
                foreach (var start in starts)
                {
                    var type = types[n++ % 7 % types.Length];
                    var minutes = type is "" or "ej_rapporterad" ? 0 : type == "sen" ? 3 : 9;
                    text.Append(pupil).Append(';').Append(new DateOnly(2025, 1, 1).AddDays(day).ToString("yyyy-MM-dd")).Append(';')
                        .Append(start).Append(';').Append(start[..3]).Append(start[3]).Append("9;Matematik;").Append(minutes).Append(';').Append(type).Append('\n');
                }
        Assert.True(2 * days * starts.Length >= AttendanceWriter.RebuildIndexesFromNewRows);

        var result = await ImportAsync(text.ToString());

        Assert.Equal(2 * days * starts.Length, result.Summary!.Rows);
        // 2 × 1010 days, and the seeded lesson's day (2026-09-01) lies inside them.
        await AssertEqualAsync(2 * days);
    }

    [Fact]
    public async Task The_ss12000_import_keeps_the_summary_equal()
    {
        var source = new FixtureSource();
        await using (var db = _database.CreateContext())
            await source.CreateImport(db).ImportAsync(new DateOnly(2026, 9, 7), new DateOnly(2026, 9, 8));
        await using (var db = _database.CreateContext())
            Assert.Equal(11, await db.Attendance.CountAsync());

        await AssertEqualAsync(4);

        // A second run over the same days replaces the rows; nothing may be counted twice.
        await using (var db = _database.CreateContext())
            await source.CreateImport(db).ImportAsync(new DateOnly(2026, 9, 7), new DateOnly(2026, 9, 8));
        await AssertEqualAsync(4);
    }

    [Fact]
    public async Task Ef_adds_updates_and_deletes_keep_the_summary_equal_and_an_emptied_day_disappears()
    {
        var school = new SchoolBuilder();
        var pupil = school.Pupil("P1");
        var date = new DateOnly(2026, 9, 14);
        school.Day(pupil, date, AttendanceType.Invalid, AttendanceType.Late, AttendanceType.NotReported)
            .Day(pupil, date.AddDays(1), AttendanceType.Valid);
        await using (var db = _database.CreateContext())
            await school.SaveAsync(db);
        await AssertEqualAsync(2);

        await using (var db = _database.CreateContext())
        {
            var rows = await db.Attendance.Where(a => a.Date == date).OrderBy(a => a.Start).ToListAsync();
            rows[0].Type = AttendanceType.Present;
            rows[0].AbsentMinutes = 0;
            rows[1].AbsentMinutes = 25;
            rows[2].Type = AttendanceType.Leave;
            rows[2].AbsentMinutes = 60;
            db.Attendance.Remove(rows[4]);
            await db.SaveChangesAsync();
            // A lesson moved to another day (the date is part of the key: a set-based update).
            var moved = SchoolBuilder.LessonStarts[3];
            await db.Attendance.Where(a => a.Date == date && a.Start == moved).ExecuteUpdateAsync(s => s.SetProperty(a => a.Date, date.AddDays(2)));
        }
        await AssertEqualAsync(3);
        var day = await DayAsync("P1", date);
        Assert.Equal((3, 180, 3, 0, 0, 25, 1, 60), (day.Lessons, day.OfferedMinutes, day.ReportedLessons, day.InvalidMinutes, day.InvalidLessons,
            day.LateMinutes, day.LateArrivals, day.LeaveMinutes));

        await using (var db = _database.CreateContext())
        {
            db.Attendance.RemoveRange(await db.Attendance.Where(a => a.Date == date.AddDays(1)).ToListAsync());
            await db.SaveChangesAsync();
        }
        await AssertEqualAsync(2);
        await using (var db = _database.CreateContext())
            Assert.False(await db.AttendanceDays.AnyAsync(d => d.Date == date.AddDays(1)));
    }

    [Fact]
    public async Task Deleting_a_pupil_removes_its_days_and_a_rolled_back_write_leaves_the_summary_unchanged()
    {
        var school = new SchoolBuilder();
        var kept = school.Pupil("P1");
        var gone = school.Pupil("P2");
        var dates = SchoolBuilder.Weekdays(new DateOnly(2026, 9, 7), new DateOnly(2026, 9, 18)).ToList();
        school.Days(kept, dates, AttendanceType.Invalid).Days(gone, dates, AttendanceType.Valid);
        await using (var db = _database.CreateContext())
            await school.SaveAsync(db);
        await AssertEqualAsync(20);

        // The database's own cascade deletes the lessons (they are not loaded), and with them the days.
        await using (var db = _database.CreateContext())
            await db.Pupils.Where(p => p.ExternalId == "P2").ExecuteDeleteAsync();
        await AssertEqualAsync(10);

        List<AttendanceDay> before;
        await using (var db = _database.CreateContext())
            before = await db.AttendanceDays.AsNoTracking().OrderBy(d => d.Date).ToListAsync();
        await using (var db = _database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var pupilId = await db.Pupils.Select(p => p.Id).SingleAsync();
            db.Attendance.Add(new AttendanceRecord
            {
                PupilId = pupilId, Date = new DateOnly(2026, 9, 21), Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0),
                ScheduledMinutes = 60, Subject = "Matematik", AbsentMinutes = 60, Type = AttendanceType.Invalid,
            });
            var first = await db.Attendance.Where(a => a.Date == dates[0]).ToListAsync();
            first.ForEach(a => { a.Type = AttendanceType.Present; a.AbsentMinutes = 0; });
            db.Attendance.RemoveRange(await db.Attendance.Where(a => a.Date == dates[1]).ToListAsync());
            await db.SaveChangesAsync();
            Assert.Equal(10, await db.AttendanceDays.CountAsync()); // inside the transaction: one day more, one less
            await transaction.RollbackAsync();
        }
        await AssertEqualAsync(10);
        await using (var db = _database.CreateContext())
            Assert.Equivalent(before, await db.AttendanceDays.AsNoTracking().OrderBy(d => d.Date).ToListAsync(), strict: true);
    }

    [Fact]
    public async Task The_demo_seeder_keeps_the_summary_equal()
    {
        await using (var db = _database.CreateContext())
            await new DemoSeeder(db, new StoppedClock(new DateTimeOffset(2026, 10, 13, 12, 0, 0, TimeSpan.Zero)))
                .SeedAsync(new DemoSeedOptions { Pupils = 40 });

        long days;
        await using (var db = _database.CreateContext())
            days = await db.Attendance.Select(a => new { a.PupilId, a.Date }).Distinct().LongCountAsync();
        Assert.True(days > 40 * 20, $"only {days} days");
        await AssertEqualAsync(days);
    }
}
