using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Leadership;
using Narvaro.StudentHealth;
using Narvaro.Tests.Documents;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Leadership;

/// <summary>
/// Two huvudmän on real SQLite: the skolchef's overview for November 2026 and the HT2026 term export of the first one
/// count exactly the hand-computed figures of its own pupils and nothing of the other huvudman's.
/// </summary>
public class SkolchefOverviewOfTwoHuvudmenTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Nov2 = new(2026, 11, 2);
    private TestDatabase _database = null!;
    private int _organisationId, _otherOrganisationId, _a1, _a2;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        const AttendanceType P = AttendanceType.Present, V = AttendanceType.Valid, I = AttendanceType.Invalid,
            L = AttendanceType.Late, Ledig = AttendanceType.Leave, N = AttendanceType.NotReported;

        var a = new SchoolBuilder();
        var a1 = a.Pupil("A-1");
        var a2 = a.Pupil("A-2");
        // a1, November: one mixed day (valid, invalid, late 10 min, leave, not reported) and three present days.
        a.Day(a1, Nov2, V, I, L, Ledig, N).Day(a1, Nov2.AddDays(1)).Day(a1, Nov2.AddDays(2)).Day(a1, Nov2.AddDays(3));
        // a2: three invalid lessons in November, a present day in September.
        a.Day(a2, Nov2, I, I, I).Day(a2, new DateOnly(2026, 9, 14));
        // Spring term rows are outside HT2026.
        a.Day(a2, new DateOnly(2026, 5, 4), I, I, I, I, I);

        await using var db = _database.CreateContext();
        await a.SaveAsync(db);

        // Another huvudman with its own school and pupil (built by hand: the builder's mentor account is one per database).
        var otherSchool = new School { Organisation = new Organisation { Name = "Annan kommun" }, SchoolUnitCode = "99998888", Name = "Andra skolan" };
        var b1 = new Pupil { ExternalId = "B-1", FirstName = "Elev", LastName = "B-1", GradeLevel = "8", School = otherSchool,
            Class = new SchoolClass { School = otherSchool, Name = "8B" } };
        db.Pupils.Add(b1);
        foreach (var (start, type) in new[] { (8, I), (9, I), (10, I), (12, P), (13, N) })
            db.Attendance.Add(new AttendanceRecord { Pupil = b1, Date = Nov2, Start = new TimeOnly(start, 0), End = new TimeOnly(start, 59),
                ScheduledMinutes = 60, AbsentMinutes = type == I ? 60 : 0, Type = type, Subject = "Svenska" });
        await db.SaveChangesAsync();
        _organisationId = a1.School!.OrganisationId;
        _otherOrganisationId = b1.School!.OrganisationId;
        _a1 = a1.Id;
        _a2 = a2.Id;

        var c1 = new AbsenceCase { PupilId = a1.Id, OpenedOn = new DateOnly(2026, 10, 1), Step = 3 };
        var c2 = new AbsenceCase { PupilId = a2.Id, OpenedOn = new DateOnly(2026, 10, 15), Step = 5, ContinuousInvalid = true, LateLevel = 1 };
        var closed = new AbsenceCase { PupilId = a2.Id, OpenedOn = new DateOnly(2026, 9, 1), Step = 4, ClosedOn = new DateOnly(2026, 10, 10) };
        var cb = new AbsenceCase { PupilId = b1.Id, OpenedOn = new DateOnly(2026, 10, 1), Step = 3, ContinuousInvalid = true };
        db.Cases.AddRange(c1, c2, closed, cb);
        await db.SaveChangesAsync();
        var by = a1.MentorId!;
        db.CaseReports.AddRange(
            Report(c1.Id, CaseReportKind.Skolchef, new DateOnly(2026, 11, 10), "Skolchef Anna Andersson", "Dnr 2026:1", by),
            Report(c2.Id, CaseReportKind.Socialtjanst, new DateOnly(2026, 11, 12), "Socialtjänsten Trosa", null, by),
            Report(c1.Id, CaseReportKind.Socialtjanst, new DateOnly(2026, 11, 13), "Socialtjänsten Trosa", null, by),
            Report(c1.Id, CaseReportKind.Skolchef, new DateOnly(2026, 10, 30), "Skolchef Anna Andersson", "Dnr 2026:0", by),
            Report(cb.Id, CaseReportKind.Skolchef, new DateOnly(2026, 11, 11), "Skolchef Bo Berg", "B", by));
        await db.SaveChangesAsync();
    }

    private static CaseReport Report(int caseId, CaseReportKind kind, DateOnly on, string recipient, string? reference, string by) => new()
    {
        CaseId = caseId, Kind = kind, ReportedOn = on, Recipient = recipient, Reference = reference, RecordedByUserId = by,
        RecordedAtUtc = Now.UtcDateTime,
    };

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static SkolchefOverviewService Overview(NarvaroDbContext db)
    {
        var clock = new StoppedClock(Now);
        var audit = new AuditTrail(db, clock);
        return new SkolchefOverviewService(db, new DocumentDataService(db, Services.Measures(db), new ListLogger<DocumentDataService>()),
            new SstService(db, audit, clock), audit, clock);
    }

    [Fact]
    public async Task Overview_November_CountsOwnSchoolsPupilsStepsFlagsAndCoverage()
    {
        await using var db = _database.CreateContext();
        var overview = await Overview(db).OverviewAsync(_organisationId, 2026, 11, "skolchef-user");

        var school = Assert.Single(overview.Schools);
        Assert.Equal(2, school.PupilsWithAttendance);
        Assert.Equal(1, school.CasesAt(3));
        Assert.Equal(1, school.CasesAt(5));
        Assert.Equal(0, school.CasesAt(4)); // closed in October
        Assert.Equal(1, school.ContinuousInvalidFlags);
        Assert.Equal(1, school.LateFlags);
        Assert.Equal(25, school.Lessons);
        Assert.Equal(24, school.ReportedLessons);
        Assert.Equal(96.0, school.CoveragePercent);
        Assert.Equal(2, overview.Total.PupilsWithAttendance);
        Assert.Equal(1, overview.Total.ContinuousInvalidFlags);
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.Action == SkolchefOverviewService.ViewedAction && e.UserId == "skolchef-user"));
    }

    [Fact]
    public async Task Trend_AugustToNovember_CountsPupilsAboveEachThreshold()
    {
        await using var db = _database.CreateContext();
        var trend = await Overview(db).TrendAsync(_organisationId, countApprovedLeave: true, 2026, 11);

        Assert.Equal([(2026, 8), (2026, 9), (2026, 10), (2026, 11)], trend.Select(t => (t.Year, t.Month)));
        Assert.Equal(new TrendMonth(2026, 8, 0, 0, 0, 0), trend[0]);
        Assert.Equal(new TrendMonth(2026, 9, 1, 0, 0, 0), trend[1]);
        // a1: 190 absent (60 valid + 60 invalid + 10 late + 60 leave) of 1 140 reported minutes = 16.7 %; a2: 180 of 300 = 60 %.
        Assert.Equal(new TrendMonth(2026, 11, 2, 2, 2, 1), trend[3]);
    }

    [Fact]
    public async Task Trend_LeaveNotCounted_PupilFallsBelowFifteenPercent()
    {
        await using var db = _database.CreateContext();
        var trend = await Overview(db).TrendAsync(_organisationId, countApprovedLeave: false, 2026, 11);
        // a1 without leave: 130 of 1 140 = 11.4 %.
        Assert.Equal(new TrendMonth(2026, 11, 2, 2, 1, 1), trend[^1]);
    }

    [Fact]
    public async Task Reports_November_SkolchefReportsAndReportsOfMCasesNamedOwnHuvudmanOnly()
    {
        await using var db = _database.CreateContext();
        var reports = await Overview(db).ReportsAsync(_organisationId, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        Assert.Equal(2, reports.Count);
        Assert.Equal(("Elev A-1", CaseReportKind.Skolchef, new DateOnly(2026, 11, 10), "Dnr 2026:1"),
            (reports[0].PupilName, reports[0].Kind, reports[0].ReportedOn, reports[0].Reference));
        Assert.Equal(("Elev A-2", CaseReportKind.Socialtjanst, true), (reports[1].PupilName, reports[1].Kind, reports[1].ContinuousInvalid));
    }

    [Fact]
    public async Task TermExport_HT2026_HoursPerPupilEqualHandComputedSums()
    {
        await using var db = _database.CreateContext();
        var rows = new List<TermExportRow>();
        await foreach (var row in new TermExport(db, new AuditTrail(db, new StoppedClock(Now))).RowsAsync(_organisationId, Term.Parse("HT2026")!.Value))
            rows.Add(row);

        Assert.Equal([_a1, _a2], rows.Select(r => r.PupilId));
        var a1 = rows[0];
        // 4 days × 300 min; valid 60 + leave 60; invalid 60 + late 10; not reported 60.
        Assert.Equal((1200, 120, 70, 60), (a1.OfferedMinutes, a1.ValidMinutes, a1.InvalidMinutes, a1.NotReportedMinutes));
        Assert.Equal((20.00m, 2.00m, 1.17m, 1.00m), (TermExportRow.Hours(a1.OfferedMinutes), TermExportRow.Hours(a1.ValidMinutes),
            TermExportRow.Hours(a1.InvalidMinutes), TermExportRow.Hours(a1.NotReportedMinutes)));
        var a2 = rows[1];
        Assert.Equal((600, 0, 180, 0), (a2.OfferedMinutes, a2.ValidMinutes, a2.InvalidMinutes, a2.NotReportedMinutes));
        Assert.Equal(("Testkommun", "11112222", "Testskolan", "8A", "A-1"), (a1.Organisation, a1.SchoolUnitCode, a1.School, a1.ClassName, a1.ExternalId));
    }

    [Fact]
    public async Task TermExport_Csv_BomSemicolonsDecimalCommaAndNoOtherHuvudman()
    {
        await using var db = _database.CreateContext();
        using var output = new MemoryStream();
        var ids = await new TermExport(db, new AuditTrail(db, new StoppedClock(Now))).WriteCsvAsync(_organisationId, Term.Parse("ht2026")!.Value, output);

        var bytes = output.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', TermExport.Columns), lines[0]);
        Assert.Equal("Testkommun;11112222;Testskolan;8A;A-1;;HT2026;20,00;2,00;1,17;1,00", lines[1]);
        Assert.Equal("Testkommun;11112222;Testskolan;8A;A-2;;HT2026;10,00;0,00;3,00;0,00", lines[2]);
        Assert.Equal(3, lines.Length);
        Assert.Equal([_a1, _a2], ids);
    }

    [Fact]
    public async Task TermExport_Xlsx_SheetReadBackHasHeaderAndNumbers()
    {
        await using var db = _database.CreateContext();
        using var output = new MemoryStream();
        await new TermExport(db, new AuditTrail(db, new StoppedClock(Now))).WriteXlsxAsync(_organisationId, Term.Parse("HT2026")!.Value, output);

        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        Assert.NotNull(zip.GetEntry("xl/styles.xml"));
        var rows = ReadSheet(zip);
        Assert.Equal(TermExport.Columns, rows[0]);
        Assert.Equal(["Testkommun", "11112222", "Testskolan", "8A", "A-1", "", "HT2026", "20", "2", "1.17", "1"], rows[1]);
        Assert.Equal(3, rows.Count);
    }

    /// <summary>The sheet's rows as text: inline strings and numbers as written.</summary>
    public static List<string[]> ReadSheet(ZipArchive zip)
    {
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        using var stream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var sheet = XDocument.Load(stream);
        return sheet.Descendants(ns + "row")
            .Select(r => r.Elements(ns + "c").Select(c => (string?)c.Element(ns + "is")?.Element(ns + "t") ?? (string)c.Element(ns + "v")!).ToArray())
            .ToList();
    }

    [Fact]
    public async Task AuditAsync_ManyPupils_SplitsIdsOverEntriesOfAtMost2000Characters()
    {
        await using var db = _database.CreateContext();
        var ids = Enumerable.Range(100_000, 1500).ToList();
        await new TermExport(db, new AuditTrail(db, new StoppedClock(Now))).AuditAsync("skolchef-user", _organisationId, new Term(true, 2026), "csv", ids);

        var entries = await db.AuditLog.Where(e => e.Action == TermExport.ExportedAction).Select(e => e.Details!).ToListAsync();
        Assert.True(entries.Count > 1);
        Assert.All(entries, d => Assert.True(d.Length <= TermExport.MaxDetailsLength, d.Length.ToString()));
        Assert.All(entries, d => Assert.Contains("1500 elever", d));
        var logged = entries.SelectMany(d => d[(d.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(',')).Select(int.Parse).ToList();
        Assert.Equal(ids, logged.Order());
    }

    [Fact]
    public void TermParse_BadValues_AreRefused()
    {
        Assert.Null(Term.Parse("HT26"));
        Assert.Null(Term.Parse("XT2026"));
        Assert.Null(Term.Parse("HT1999"));
        Assert.Null(Term.Parse(null));
        Assert.Equal((new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30)), (Term.Parse("VT2027")!.Value.First, Term.Parse("VT2027")!.Value.Last));
    }
}
