using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Import;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Import;

/// <summary>An attendance file in the documented format for pupils already imported.</summary>
public class ImportingAttendanceTests
{
    [Fact]
    public async Task Documented_format_writes_every_row_with_its_lesson_length_type_and_minutes()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        var csv = Csv.Lines(
            Csv.AttendanceHeader,
            "E1;2026-09-02;08:00;09:00;Matematik;0;narvarande",
            "E1;2026-09-02;09:15;10:00;Svenska;;",
            "E1;2026-09-02;10:15;11:00;Engelska;;giltig",
            "E1;2026-09-02;12:30;13:30;Idrott;20;ogiltig",
            "E2;2026-09-03;8:00;9:20;Bild;;ledighet",
            "E2;2026-09-03;10:00;10:40;Musik;12;sen",
            "E2;2026-09-03;11:00;11:40;NO;;ej_rapporterad",
            "E2;2026-09-04;08:00;09:00;Teknik;0;ogiltig");

        ImportResult<AttendanceImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new AttendanceImporter(db).ImportAsync(csv);

        Assert.True(result.Succeeded, string.Join("\n", result.ErrorMessages()));
        Assert.True(result.Written);
        Assert.Equal(new AttendanceImportSummary(Rows: 8, Pupils: 2, FirstDate: new(2026, 9, 2), LastDate: new(2026, 9, 4), NewRows: 8, ReplacedRows: 0),
            result.Summary);
        await using var check = database.CreateContext();
        var rows = await check.Attendance.Include(a => a.Pupil)
            .Where(a => a.Date > TestSchool.SeededLessonDate)
            .OrderBy(a => a.Date).ThenBy(a => a.Start)
            .Select(a => $"{a.Pupil!.ExternalId} {a.Date:yyyy-MM-dd} {a.Start:HH:mm}-{a.End:HH:mm} {a.ScheduledMinutes} {a.Subject} {a.AbsentMinutes} {a.Type}")
            .ToListAsync();
        Assert.Equal(
        [
            "E1 2026-09-02 08:00-09:00 60 Matematik 0 Present",
            "E1 2026-09-02 09:15-10:00 45 Svenska 0 Present",
            "E1 2026-09-02 10:15-11:00 45 Engelska 45 Valid",
            "E1 2026-09-02 12:30-13:30 60 Idrott 20 Invalid",
            "E2 2026-09-03 08:00-09:20 80 Bild 80 Leave",
            "E2 2026-09-03 10:00-10:40 40 Musik 12 Late",
            "E2 2026-09-03 11:00-11:40 40 NO 0 NotReported",
            "E2 2026-09-04 08:00-09:00 60 Teknik 0 Invalid",
        ], rows);
    }

    [Fact]
    public async Task With_bom_crlf_quoted_fields_and_upper_case_type_the_file_is_accepted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        var text = "\"elev_id\";\"datum\";\"start\";\"slut\";\"amne\";\"franvaro_min\";\"typ\"\r\n"
            + "\"E2\";\"2026-09-02\";\"08:00\";\"09:00\";\"Hem- och konsumentkunskap; \"\"HKK\"\"\";\"60\";\"Giltig\"\r\n";

        ImportResult<AttendanceImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new AttendanceImporter(db).ImportAsync(Csv.Stream(text, bom: true));

        Assert.True(result.Succeeded, string.Join("\n", result.ErrorMessages()));
        await using var check = database.CreateContext();
        var row = await check.Attendance.SingleAsync(a => a.Date == new DateOnly(2026, 9, 2));
        Assert.Equal("Hem- och konsumentkunskap; \"HKK\"", row.Subject);
        Assert.Equal(AttendanceType.Valid, row.Type);
        Assert.Equal(60, row.AbsentMinutes);
    }

    [Fact]
    public async Task Preview_counts_new_and_replaced_rows_without_writing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        var before = await DatabaseDump.TakeAsync(database);
        var csv = Csv.Lines(
            Csv.AttendanceHeader,
            "E1;2026-09-01;08:00;09:00;Matematik;60;ogiltig", // the seeded row's key
            "E1;2026-09-01;09:00;10:00;Svenska;0;",
            "E2;2026-08-31;08:00;09:00;Svenska;0;");

        ImportResult<AttendanceImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new AttendanceImporter(db).PreviewAsync(csv);

        Assert.True(result.Succeeded);
        Assert.False(result.Written);
        Assert.Equal(new AttendanceImportSummary(Rows: 3, Pupils: 2, FirstDate: new(2026, 8, 31), LastDate: new(2026, 9, 1), NewRows: 2, ReplacedRows: 1),
            result.Summary);
        Assert.Equal(before, await DatabaseDump.TakeAsync(database));
    }
}

/// <summary>An attendance file imported again after teachers corrected their reports.</summary>
public class ReimportingAttendanceTests
{
    [Fact]
    public async Task A_row_with_the_same_pupil_date_and_start_is_replaced_not_duplicated()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);

        ImportResult<AttendanceImportSummary> result;
        await using (var db = database.CreateContext())
        {
            result = await new AttendanceImporter(db).ImportAsync(Csv.Lines(
                Csv.AttendanceHeader,
                "E1;2026-09-01;08:00;09:10;Matte;15;sen",
                "E1;2026-09-01;09:30;10:30;Svenska;0;"));
        }

        Assert.Equal(1, result.Summary!.ReplacedRows);
        Assert.Equal(1, result.Summary.NewRows);
        await using var check = database.CreateContext();
        var rows = await check.Attendance.OrderBy(a => a.Start).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal((new TimeOnly(9, 10), 70, "Matte", 15, AttendanceType.Late),
            (rows[0].End, rows[0].ScheduledMinutes, rows[0].Subject, rows[0].AbsentMinutes, rows[0].Type));
    }

    [Fact]
    public async Task The_same_file_twice_leaves_the_same_rows_and_counts_them_as_replaced()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        var text = Csv.Text(Csv.AttendanceHeader, "E2;2026-09-02;08:00;09:00;Svenska;;ogiltig", "E2;2026-09-03;08:00;09:00;Svenska;;ogiltig");
        await using (var db = database.CreateContext())
            await new AttendanceImporter(db).ImportAsync(Csv.Stream(text));
        var afterFirst = await DatabaseDump.TakeAsync(database);

        ImportResult<AttendanceImportSummary> second;
        await using (var db = database.CreateContext())
            second = await new AttendanceImporter(db).ImportAsync(Csv.Stream(text));

        Assert.Equal((0, 2), (second.Summary!.NewRows, second.Summary.ReplacedRows));
        Assert.Equal(afterFirst, await DatabaseDump.TakeAsync(database));
    }
}
