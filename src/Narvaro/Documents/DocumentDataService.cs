using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Narvaro.Absence;
using Narvaro.Data;
using Narvaro.Documents.Layout;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;
using SQLitePCL;

namespace Narvaro.Documents;

/// <summary>A pupil's data as the forms print it: who, the period's figures, the pattern and the suggested level.</summary>
/// <summary>A pupil's facts for the forms; <see cref="Findings"/> are the pupil page's answers to Bilaga 1 question 5.</summary>
public sealed record PupilDocumentData(
    PupilDocumentHeader Header, PeriodFigures Figures, AbsencePattern Pattern, int? SuggestedLevel,
    IReadOnlyList<PatternFinding>? Findings = null);

/// <summary>Builds the documents' models from the database.</summary>
public sealed class DocumentDataService(NarvaroDbContext db, MeasureService measures, ILogger<DocumentDataService> logger)
{
    /// <summary>The reports to huvudman, skolchef, socialtjänst and SST that the monthly list follows up, in the plan's order.</summary>
    public static readonly IReadOnlyList<string> ReportCodes =
        [TaskCatalog.S4Huvudman, TaskCatalog.S5Skolchef, TaskCatalog.S5Sst, TaskCatalog.MReport, TaskCatalog.S7Concern];

    public Task<int?> FindPupilIdAsync(string externalId, CancellationToken cancellationToken = default) =>
        db.Pupils.AsNoTracking().Where(p => p.ExternalId == externalId).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The pupil's data over the rolling window ending with <paramref name="asOf"/>; null for an unknown pupil.</summary>
    public async Task<PupilDocumentData?> ForPupilAsync(int pupilId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var pupil = await PupilHeaders(db.Pupils.AsNoTracking().Where(p => p.Id == pupilId)).FirstOrDefaultAsync(cancellationToken);
        if (pupil is null) return null;
        var policy = await db.Organisations.AsNoTracking().Where(o => o.Id == pupil.OrganisationId).Select(o => o.Policy).FirstAsync(cancellationToken);

        var window = AbsenceWindow.Rolling(asOf, policy.WindowDays);
        var rows = await db.Attendance.AsNoTracking()
            .Where(a => a.PupilId == pupilId && a.Date >= window.From && a.Date <= window.To)
            .OrderBy(a => a.Date).ThenBy(a => a.Start)
            .ToListAsync(cancellationToken);
        var data = Build(pupil, policy, window, rows);
        return data with { Findings = PatternFindings.Find(rows, policy.CountApprovedLeave) };
    }

    /// <summary>
    /// The data of many pupils at once, for the nightly attacher: two set-based queries (who, the huvudmän's
    /// policies) and one prepared command run per pupil for the window's lessons (a seek in the attendance key),
    /// instead of three EF queries per pupil. Each pupil's data equals
    /// <see cref="ForPupilAsync"/>'s except <see cref="PupilDocumentData.Findings"/>, which no attached form prints.
    /// Unknown ids are left out. Keep the batch to a few hundred pupils: their lessons are held while building.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, PupilDocumentData>> ForPupilsAsync(IReadOnlyCollection<int> pupilIds, DateOnly asOf,
        CancellationToken cancellationToken = default)
    {
        var ids = pupilIds.Distinct().ToList();
        var result = new Dictionary<int, PupilDocumentData>(ids.Count);
        if (ids.Count == 0) return result;
        var pupils = await PupilHeaders(db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);
        if (pupils.Count == 0) return result;
        var organisationIds = pupils.Select(p => p.OrganisationId).Distinct().ToList();
        var policies = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Policy }).ToDictionaryAsync(o => o.Id, o => o.Policy, cancellationToken);
        var windows = policies.ToDictionary(p => p.Key, p => AbsenceWindow.Rolling(asOf, p.Value.WindowDays));
        var rows = LessonsInWindows(pupils.Select(p => (p.Id, windows[p.OrganisationId])).ToList(), cancellationToken);
        foreach (var pupil in pupils)
        {
            var window = windows[pupil.OrganisationId];
            var own = rows.TryGetValue(pupil.Id, out var list) ? list : [];
            result[pupil.Id] = Build(pupil, policies[pupil.OrganisationId], window, own);
        }
        return result;
    }

    /// <summary>
    /// Each pupil's lessons in their window, with one prepared command seeking the attendance key (pupil, date,
    /// start) per pupil: only those rows are read, already in order. Synchronous, like the evaluator's bulk read: an
    /// awaited read per row only adds cost. Subjects repeat across pupils and are kept once.
    /// </summary>
    private Dictionary<int, List<AttendanceRecord>> LessonsInWindows(List<(int PupilId, AbsenceWindow Window)> pupils,
        CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite()) return LessonsInWindowsSqlite(pupils, cancellationToken);
        var result = new Dictionary<int, List<AttendanceRecord>>(pupils.Count);
        db.Database.OpenConnection();
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = """
                SELECT "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type"
                FROM "Attendance"
                WHERE "PupilId" = @pupil AND "Date" >= @from AND "Date" <= @to
                ORDER BY "Date", "Start"
                """;
            var pupil = Parameter(command, "@pupil", DbType.Int32);
            var from = Parameter(command, "@from", DbType.Date);
            var to = Parameter(command, "@to", DbType.Date);
            command.Prepare();
            var subjects = new Dictionary<string, string>();
            foreach (var (pupilId, window) in pupils)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pupil.Value = pupilId;
                from.Value = window.From.ToDateTime(TimeOnly.MinValue);
                to.Value = window.To.ToDateTime(TimeOnly.MinValue);
                var list = new List<AttendanceRecord>();
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var subject = reader.GetString(4);
                        if (!subjects.TryGetValue(subject, out var kept)) subjects[subject] = kept = subject;
                        list.Add(new AttendanceRecord
                        {
                            PupilId = pupilId,
                            Date = reader.GetFieldValue<DateOnly>(0),
                            Start = reader.GetFieldValue<TimeOnly>(1),
                            End = reader.GetFieldValue<TimeOnly>(2),
                            ScheduledMinutes = reader.GetInt32(3),
                            Subject = kept,
                            AbsentMinutes = reader.GetInt32(5),
                            Type = (AttendanceType)reader.GetInt32(6),
                        });
                    }
                }
                result[pupilId] = list;
            }
            return result;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>
    /// The same on SQLite through the native API (one prepared statement re-bound per pupil): the first night reads
    /// millions of lesson rows here, and SqliteDataReader costs microseconds per row where the native calls cost a
    /// fraction of one.
    /// </summary>
    private Dictionary<int, List<AttendanceRecord>> LessonsInWindowsSqlite(List<(int PupilId, AbsenceWindow Window)> pupils,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, List<AttendanceRecord>>(pupils.Count);
        db.Database.OpenConnection();
        try
        {
            var handle = SqliteNative.Handle((SqliteConnection)db.Database.GetDbConnection());
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, """
                SELECT "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type"
                FROM "Attendance"
                WHERE "PupilId" = ?1 AND "Date" >= ?2 AND "Date" <= ?3
                ORDER BY "Date", "Start"
                """, out var statement), handle);
            using (statement)
            {
                var subjects = new Dictionary<string, string>();
                foreach (var (pupilId, window) in pupils)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    raw.sqlite3_reset(statement);
                    raw.sqlite3_bind_int(statement, 1, pupilId);
                    raw.sqlite3_bind_text(statement, 2, window.From.ToString(AttendanceWriter.SqliteDateFormat, CultureInfo.InvariantCulture));
                    raw.sqlite3_bind_text(statement, 3, window.To.ToString(AttendanceWriter.SqliteDateFormat, CultureInfo.InvariantCulture));
                    var list = new List<AttendanceRecord>();
                    int rc;
                    while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    {
                        var subject = raw.sqlite3_column_text(statement, 4).utf8_to_string();
                        if (!subjects.TryGetValue(subject, out var kept)) subjects[subject] = kept = subject;
                        list.Add(new AttendanceRecord
                        {
                            PupilId = pupilId,
                            Date = AttendanceWriter.TryParseSqliteDate(raw.sqlite3_column_blob(statement, 0), out var date)
                                ? date : ParseDate(raw.sqlite3_column_text(statement, 0).utf8_to_string()),
                            Start = TimeOf(raw.sqlite3_column_blob(statement, 1)),
                            End = TimeOf(raw.sqlite3_column_blob(statement, 2)),
                            ScheduledMinutes = raw.sqlite3_column_int(statement, 3),
                            Subject = kept,
                            AbsentMinutes = raw.sqlite3_column_int(statement, 5),
                            Type = (AttendanceType)raw.sqlite3_column_int(statement, 6),
                        });
                    }
                    if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                    result[pupilId] = list;
                }
            }
            return result;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>A stored time; anything but plain "HH:mm:ss" (fractions) is parsed as text.</summary>
    private static TimeOnly TimeOf(ReadOnlySpan<byte> text) =>
        AttendanceWriter.TryParseSqliteTime(text, out var time) ? time : ParseTime(System.Text.Encoding.UTF8.GetString(text));

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeOnly ParseTime(string text) => TimeOnly.Parse(text, CultureInfo.InvariantCulture);

    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
    private static IQueryable<PupilRow> PupilHeaders(IQueryable<Pupil> pupils) => pupils.Select(p => new PupilRow(
        p.Id, p.ExternalId, p.FirstName, p.LastName, p.Class!.Name,
        p.Mentor != null ? p.Mentor.DisplayName : null,
        p.SchoolId, p.School!.Name, p.School.OrganisationId, p.School.Organisation!.Name));

    private sealed record PupilRow(int Id, string ExternalId, string FirstName, string LastName, string ClassName, string? MentorName,
        int SchoolId, string SchoolName, int OrganisationId, string OrganisationName);

    /// <summary>The figures, pattern and level from the pupil's lessons in the window, in (date, start) order.</summary>
    private PupilDocumentData Build(PupilRow pupil, PolicySettings policy, AbsenceWindow window, List<AttendanceRecord> rows)
    {
        var measured = AbsenceMeasuresCalculator.Fold(pupil.Id, DayAttendance.FromRecords(rows), policy.CountApprovedLeave);
        var figures = new PeriodFigures(window.From, window.To, measured.SchoolDays, measured.AbsencePercent,
            measured.InvalidPercent, measured.LateArrivals, WholeDaysAbsent(rows, policy.CountApprovedLeave));
        var pattern = AbsencePattern.Find(rows, policy.CountApprovedLeave);
        var header = new PupilDocumentHeader(pupil.Id, pupil.ExternalId, $"{pupil.FirstName} {pupil.LastName}", pupil.ClassName,
            pupil.MentorName, pupil.SchoolId, pupil.SchoolName, pupil.OrganisationName);
        WarnIfUnprintable(pupil.Id, header.PupilName, header.ClassName, header.MentorName, header.SchoolName, header.OrganisationName);
        return new PupilDocumentData(header, figures, pattern, AbsenceLevel.Suggest(figures, pattern));
    }

    /// <summary>
    /// The monthly list to the skolchef (step 5, "Rektor anmäler till skolchef månadsvis"): for each school, the
    /// evaluated pupils whose absence in the calendar month is above the huvudman's threshold, with their case and
    /// the reports made. <paramref name="schoolIds"/> limits the schools (null: every school).
    /// </summary>
    public async Task<MonthlyReportModel> MonthlyAsync(int year, int month, IReadOnlyCollection<int>? schoolIds, DateTime created,
        CancellationToken cancellationToken = default)
    {
        var schoolsQuery = db.Schools.AsNoTracking();
        if (schoolIds is not null) schoolsQuery = schoolsQuery.Where(s => schoolIds.Contains(s.Id));
        var schools = await schoolsQuery
            .Select(s => new { s.Id, s.Name, s.SchoolUnitCode, s.OrganisationId, OrganisationName = s.Organisation!.Name })
            .ToListAsync(cancellationToken);
        schools = schools.OrderBy(s => s.Name, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false)).ToList();
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Policy, cancellationToken);

        // Only the visible schools' pupils are measured: a school's report costs the same in any size of municipality.
        var above = (await measures.MonthAsync(year, month, schools.Select(s => s.Id).ToList(), cancellationToken))
            .Where(m => m.Evaluated && m.Measures.AbsenceAbove(m.Policy.SkolchefThresholdPercent))
            .ToDictionary(m => m.PupilId);
        var visibleSchoolIds = schools.Select(s => s.Id).ToList();
        var abovePupilIds = above.Keys.ToList();
        var pupils = await db.Pupils.AsNoTracking()
            .Where(p => abovePupilIds.Contains(p.Id) && visibleSchoolIds.Contains(p.SchoolId))
            .Select(p => new { p.Id, p.ExternalId, Name = p.FirstName + " " + p.LastName, ClassName = p.Class!.Name, p.SchoolId })
            .ToListAsync(cancellationToken);
        foreach (var p in pupils) WarnIfUnprintable(p.Id, p.Name, p.ClassName);

        // The case that was open during the month, the latest one if several were.
        var monthStart = new DateOnly(year, month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var pupilIds = pupils.Select(p => p.Id).ToList();
        var cases = (await db.Cases.AsNoTracking()
                .Where(c => pupilIds.Contains(c.PupilId) && c.OpenedOn <= monthEnd && (c.ClosedOn == null || c.ClosedOn >= monthStart))
                .Select(c => new { c.Id, c.PupilId, c.Step, c.OpenedOn })
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.PupilId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.OpenedOn).First());
        var caseIds = cases.Values.Select(c => c.Id).ToList();
        var codes = ReportCodes.ToList();
        var tasks = (await db.Tasks.AsNoTracking()
                .Where(t => t.CaseId != null && caseIds.Contains(t.CaseId.Value) && codes.Contains(t.Code))
                .Select(t => new { CaseId = t.CaseId!.Value, t.Code, t.Due, t.Status, t.DoneAtUtc, t.DoneOn })
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.CaseId);
        // The reports the rector recorded (/arende/{id}): the line says when and to whom, not just that the task is done.
        var recorded = (await db.CaseReports.AsNoTracking().Where(r => caseIds.Contains(r.CaseId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.CaseId);

        var culture = new System.Globalization.CultureInfo("sv-SE");
        var result = schools.Select(s => new MonthlyReportSchool(s.Name, s.SchoolUnitCode, pupils
                .Where(p => p.SchoolId == s.Id)
                .OrderBy(p => p.ClassName, StringComparer.Create(culture, false)).ThenBy(p => p.Name, StringComparer.Create(culture, false))
                .Select(p =>
                {
                    var m = above[p.Id].Measures;
                    var c = cases.GetValueOrDefault(p.Id);
                    var reports = c is null
                        ? []
                        : tasks[c.Id]
                            .OrderBy(t => TaskCatalog.SortKey(t.Code))
                            .Select(t =>
                            {
                                var answering = ReportCompletesTaskRule.Answering(t.Code, recorded[c.Id].ToList());
                                return answering.Count > 0
                                    ? new MonthlyReportAction(t.Code, ReportLabel(t.Code), t.Due, answering.Max(r => r.ReportedOn),
                                        string.Join("; ", answering.Select(r => $"till {r.Recipient}{(r.Reference is null ? "" : ", ref " + r.Reference)}")))
                                    : new MonthlyReportAction(t.Code, ReportLabel(t.Code), t.Due,
                                        t.Status == CaseTaskStatus.Done ? t.DoneOn ?? (t.DoneAtUtc is { } at ? SwedishDate(at) : null) : null);
                            })
                            .ToList();
                    return new MonthlyReportPupil(p.ExternalId, p.Name, p.ClassName, m.AbsencePercent, m.InvalidPercent,
                        m.LateArrivals, m.SchoolDays, c?.Step, c?.OpenedOn, reports);
                })
                .ToList()))
            .ToList();

        var organisationNames = schools.Select(s => s.OrganisationName).Distinct().ToList();
        var thresholds = schools.Select(s => organisations[s.OrganisationId].SkolchefThresholdPercent).Distinct().ToList();
        return new MonthlyReportModel(
            organisationNames.Count == 0 ? "" : string.Join(", ", organisationNames),
            year, month, thresholds.Count == 1 ? thresholds[0] : PolicySettings.Trosa().SkolchefThresholdPercent,
            result, created);
    }

    /// <summary>
    /// Letters no embedded font has print as "�" (docs/documents.md): the log says so, naming the pupil by id and
    /// the characters by code point, so the log holds no names.
    /// </summary>
    private void WarnIfUnprintable(int pupilId, params string?[] texts)
    {
        var missing = texts.OfType<string>().SelectMany(PdfFonts.Unprintable).Distinct().ToList();
        if (missing.Count == 0) return;
        logger.LogWarning("Pupil {PupilId}: the documents' fonts have no glyph for {Characters}; they print as U+FFFD.",
            pupilId, string.Join(" ", missing.Select(r => $"U+{r.Value:X4}")));
    }

    /// <summary>Short names of the reports, for the monthly list's narrow column.</summary>
    public static string ReportLabel(string code) => code switch
    {
        TaskCatalog.S4Huvudman => "Huvudman",
        TaskCatalog.S5Skolchef => "Skolchef",
        TaskCatalog.S5Sst => "Skolsociala teamet",
        TaskCatalog.MReport => "Skolchef och socialtjänst",
        TaskCatalog.S7Concern => "Orosanmälan",
        _ => TaskCatalog.Get(code).Title,
    };

    private static DateOnly SwedishDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), SwedishTime.Zone));

    /// <summary>School days on which the pupil missed every reported lesson in full.</summary>
    private static int WholeDaysAbsent(IEnumerable<AttendanceRecord> rows, bool countApprovedLeave) =>
        rows.Where(r => r.Type != AttendanceType.NotReported)
            .GroupBy(r => r.Date)
            .Count(g => g.All(r => r.AbsentMinutes >= r.ScheduledMinutes
                && (r.Type is AttendanceType.Valid or AttendanceType.Invalid || (countApprovedLeave && r.Type == AttendanceType.Leave))));
}
