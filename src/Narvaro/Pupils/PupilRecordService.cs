using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Pupils;

/// <summary>
/// Builds the pupil page's record: who the pupil is, the figures over the huvudman's rolling window and each month of
/// the school year, where the absence falls, the answer to Bilaga 1 question 5, Bilaga 3's suggested level and the
/// case timeline. The caller has checked access (<see cref="StaffAccess.PupilAccessAsync"/>) and passes the level.
/// </summary>
public sealed class PupilRecordService(NarvaroDbContext db, DocumentDataService documents, TimeProvider clock)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>The first month of the school year (1 July).</summary>
    public const int SchoolYearStartMonth = 7;

    /// <summary>The record as of yesterday in Stockholm (the date the nightly evaluation measured); null for an unknown pupil.</summary>
    public Task<PupilRecord?> ForPupilAsync(int pupilId, PupilAccessLevel access, CancellationToken cancellationToken = default) =>
        ForPupilAsync(pupilId, access, SwedishTime.Yesterday(clock), SwedishTime.Today(clock), cancellationToken);

    public async Task<PupilRecord?> ForPupilAsync(int pupilId, PupilAccessLevel access, DateOnly asOf, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        if (access == PupilAccessLevel.None) return null;
        var pupil = await db.Pupils.AsNoTracking()
            .Where(p => p.Id == pupilId)
            .Select(p => new
            {
                p.Id, p.ExternalId, p.FirstName, p.LastName, p.GradeLevel, ClassName = p.Class!.Name, p.SchoolId, SchoolName = p.School!.Name,
                MentorName = p.Mentor != null ? p.Mentor.DisplayName : null, p.ProtectedIdentity, p.School.OrganisationId,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (pupil is null) return null;
        var policy = await db.Organisations.AsNoTracking().Where(o => o.Id == pupil.OrganisationId).Select(o => o.Policy).FirstAsync(cancellationToken);

        // Skyddad identitet: contact details only to the rector, who decides how the guardians are reached.
        var hideContacts = pupil.ProtectedIdentity && access != PupilAccessLevel.Rector;
        var guardians = (await db.Guardians.AsNoTracking().Where(g => g.PupilId == pupilId).OrderBy(g => g.Id)
                .Select(g => new { g.Name, g.Phone, g.Email }).ToListAsync(cancellationToken))
            .Select(g => hideContacts ? new GuardianContact(g.Name, null, null) : new GuardianContact(g.Name, g.Phone, g.Email))
            .ToList();

        var window = AbsenceWindow.Rolling(asOf, policy.WindowDays);
        var yearStart = SchoolYearStart(asOf);
        var from = window.From < yearStart ? window.From : yearStart;
        // The measures from the day summaries; the lesson rows only for the window's patterns (weekday, lesson, subject).
        var days = await PupilDaySums.OfPupilAsync(db, pupilId, from, asOf, cancellationToken);
        var windowRows = (await db.Attendance.AsNoTracking()
                .Where(a => a.PupilId == pupilId && a.Date >= window.From && a.Date <= window.To)
                .ToListAsync(cancellationToken))
            .OrderBy(a => a.Date).ThenBy(a => a.Start).ToList();

        var windowMeasures = new PeriodMeasures(window.From, window.To, Measure(pupilId, days.Where(d => window.Contains(d.Date)), policy));
        var months = Months(yearStart, asOf)
            .Select(m => new PeriodMeasures(m.From, m.To, Measure(pupilId, days.Where(d => m.Contains(d.Date)), policy)))
            .Where(m => m.Measures.OfferedMinutes > 0)
            .ToList();

        var openCase = await db.Cases.AsNoTracking()
            .Where(c => c.PupilId == pupilId && c.ClosedOn == null)
            .Select(c => new OpenCaseStatus(c.Id, c.OpenedOn, c.Step, c.ContinuousInvalid, c.LateLevel, c.ConcernRemains))
            .FirstOrDefaultAsync(cancellationToken);
        var evaluated = windowMeasures.Measures.IsEvaluated(policy.MinSchoolDays);

        var documentData = await documents.ForPupilAsync(pupilId, asOf, cancellationToken);
        var (tasks, timeline) = await TimelineAsync(pupilId, today, cancellationToken);

        return new PupilRecord(
            new PupilHeader(pupil.Id, pupil.ExternalId, $"{pupil.FirstName} {pupil.LastName}", pupil.ClassName, pupil.GradeLevel,
                pupil.SchoolId, pupil.SchoolName, pupil.MentorName, pupil.ProtectedIdentity),
            guardians, hideContacts && guardians.Count > 0, policy, asOf, today, openCase,
            Flags(openCase, evaluated, pupil.ProtectedIdentity, policy),
            windowMeasures, evaluated, months,
            Heatmap(windowRows, policy.CountApprovedLeave),
            Subjects(windowRows, policy.CountApprovedLeave),
            PatternFindings.Find(windowRows, policy.CountApprovedLeave),
            documentData is null ? null : Level(documentData),
            tasks, timeline);
    }

    /// <summary>1 July of the school year <paramref name="date"/> falls in.</summary>
    public static DateOnly SchoolYearStart(DateOnly date) =>
        new(date.Month >= SchoolYearStartMonth ? date.Year : date.Year - 1, SchoolYearStartMonth, 1);

    /// <summary>Each calendar month from the school year's start to the as-of date, the last one cut at that date.</summary>
    private static IEnumerable<AbsenceWindow> Months(DateOnly yearStart, DateOnly asOf)
    {
        for (var month = yearStart; month <= asOf; month = month.AddMonths(1))
        {
            var whole = AbsenceWindow.Month(month.Year, month.Month);
            yield return whole with { To = whole.To < asOf ? whole.To : asOf };
        }
    }

    private static AbsenceMeasures Measure(int pupilId, IEnumerable<DayAttendance> days, PolicySettings policy) =>
        AbsenceMeasuresCalculator.Fold(pupilId, days, policy.CountApprovedLeave);

    private static int AbsentMinutes(AttendanceRecord r, bool countApprovedLeave) => r.Type switch
    {
        AttendanceType.Valid or AttendanceType.Invalid or AttendanceType.Late => r.AbsentMinutes,
        AttendanceType.Leave when countApprovedLeave => r.AbsentMinutes,
        _ => 0,
    };

    private static IReadOnlyList<string> Flags(OpenCaseStatus? openCase, bool evaluated, bool protectedIdentity, PolicySettings policy)
    {
        var flags = new List<string>();
        if (openCase is { ContinuousInvalid: true })
            flags.Add("Ogiltig sammanhängande frånvaro mer än 2 veckor – anmäld till skolchef och socialtjänst");
        if (openCase is { LateLevel: >= 2 })
            flags.Add($"Sena ankomster: minst {policy.LateReportThreshold} – anmäls till rektor och EHT");
        else if (openCase is { LateLevel: 1 })
            flags.Add($"Sena ankomster: minst {policy.LateContactThreshold} – vårdnadshavare kontaktas");
        if (openCase is { ConcernRemains: true })
            flags.Add("Oro kvarstår (steg 7) – orosanmälan");
        if (!evaluated)
            flags.Add($"Utvärderas inte mot stegen 3–5: färre än {policy.MinSchoolDays} skoldagar med rapporterad närvaro i mätperioden");
        if (protectedIdentity)
            flags.Add("Skyddad identitet");
        return flags;
    }

    private static IReadOnlyList<HeatmapCell> Heatmap(List<AttendanceRecord> rows, bool countApprovedLeave) =>
        rows.Where(r => r.Type != AttendanceType.NotReported)
            .GroupBy(r => r.Date)
            .SelectMany(day => day.OrderBy(r => r.Start).Select((r, i) => (Row: r, Slot: i + 1)))
            .GroupBy(x => (x.Row.Date.DayOfWeek, x.Slot))
            .Select(g => new HeatmapCell(g.Key.DayOfWeek, g.Key.Slot, g.Count(),
                g.Count(x => AbsentMinutes(x.Row, countApprovedLeave) > 0),
                g.Sum(x => x.Row.ScheduledMinutes), g.Sum(x => AbsentMinutes(x.Row, countApprovedLeave))))
            .OrderBy(c => ((int)c.Weekday + 6) % 7).ThenBy(c => c.Slot)
            .ToList();

    private static IReadOnlyList<SubjectFigures> Subjects(List<AttendanceRecord> rows, bool countApprovedLeave) =>
        rows.Where(r => r.Type != AttendanceType.NotReported)
            .GroupBy(r => r.Subject.Trim().Length == 0 ? "(ämne saknas)" : r.Subject.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => new SubjectFigures(g.Key, g.Count(), g.Count(r => AbsentMinutes(r, countApprovedLeave) > 0),
                g.Sum(r => r.ScheduledMinutes), g.Sum(r => AbsentMinutes(r, countApprovedLeave)),
                g.Where(r => r.Type is AttendanceType.Invalid or AttendanceType.Late).Sum(r => r.AbsentMinutes),
                g.Count(r => r.Type == AttendanceType.Late)))
            .OrderByDescending(s => s.AbsencePercent).ThenBy(s => s.Subject, StringComparer.Create(Swedish, false))
            .ToList();

    /// <summary>Bilaga 3's suggestion (<see cref="AbsenceLevel.Suggest"/>, as printed on the form) with the reason in words.</summary>
    private static SuggestedAbsenceLevel? Level(PupilDocumentData data)
    {
        if (data.SuggestedLevel is not { } level) return null;
        var f = data.Figures;
        var name = AbsenceLevel.Levels.First(l => l.Level == level).Name;
        var standsOut = new[] { data.Pattern.Weekday, data.Pattern.Lesson, data.Pattern.Subject }.FirstOrDefault(i => i is { StandsOut: true });
        var reason = level switch
        {
            1 => "Ingen frånvaro under mätperioden.",
            5 => "Frånvarande från alla rapporterade lektioner under mätperioden.",
            4 => $"Hela dagar frånvarande {f.WholeDaysAbsent} av {f.SchoolDays} skoldagar – eleven är i skolan bara en del av dagarna.",
            3 when standsOut is not null =>
                $"Frånvaron samlas på {standsOut.Label}: {Percent(standsOut.AbsencePercent)} mot {Percent(data.Pattern.OverallPercent)} totalt – eleven undviker systematiskt vissa lektioner.",
            _ => $"Frånvaro {Percent(f.AbsencePercent)} utan tydligt mönster – eleven undviker enstaka lektionstillfällen.",
        };
        return new SuggestedAbsenceLevel(level, name, reason);
    }

    private async Task<(List<PupilTaskLine> Tasks, List<TimelineEntry> Timeline)> TimelineAsync(int pupilId, DateOnly today,
        CancellationToken cancellationToken)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.PupilId == pupilId)
            .Select(t => new { t.Id, t.Code, t.Role, t.RaisedOn, t.Due, t.Status, t.DoneOn, t.DoneAtUtc, t.DoneByUserId, t.Note })
            .ToListAsync(cancellationToken);
        var caseIds = await db.Cases.AsNoTracking().Where(c => c.PupilId == pupilId).Select(c => c.Id).ToListAsync(cancellationToken);
        var events = await db.CaseEvents.AsNoTracking().Where(e => caseIds.Contains(e.CaseId))
            .Select(e => new { e.Id, e.On, e.AtUtc, e.Kind, e.Text, e.UserId }).ToListAsync(cancellationToken);
        var talks = await db.WeeklyTalks.AsNoTracking().Where(t => t.PupilId == pupilId)
            .Select(t => new { t.Id, t.WeekStart, t.HeldOn, t.WithWhom, t.Note, t.AgreedActions, t.NextFollowUp, t.MentorUserId, t.Version, t.LoggedAtUtc })
            .ToListAsync(cancellationToken);
        var attempts = await db.ContactAttempts.AsNoTracking().Where(a => a.Task!.PupilId == pupilId)
            .Select(a => new { a.Id, a.TaskId, a.Method, a.At, a.Reached, a.Note, a.UserId, a.RecordedAtUtc }).ToListAsync(cancellationToken);
        var checklists = await db.Checklists.AsNoTracking().Where(c => c.PupilId == pupilId)
            .Select(c => new { c.Id, c.Version, c.AsOf, c.RecordedByUserId, c.RecordedAtUtc }).ToListAsync(cancellationToken);
        var stored = await db.CaseDocuments.AsNoTracking().Where(d => caseIds.Contains(d.CaseId))
            .Select(d => new { d.Id, d.Kind, d.FileName, d.AsOf, d.CreatedAtUtc }).ToListAsync(cancellationToken);

        var userIds = tasks.Select(t => t.DoneByUserId).Concat(events.Select(e => e.UserId)).Concat(talks.Select(t => t.MentorUserId))
            .Concat(attempts.Select(a => a.UserId)).Concat(checklists.Select(c => c.RecordedByUserId))
            .OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        string? NameOf(string? id) => id is null ? null : names.GetValueOrDefault(id, "okänd användare");

        var taskLines = tasks
            .Select(t => new PupilTaskLine(t.Id, t.Code, TaskTitle(t.Code), RoleName(t.Role), t.RaisedOn, t.Due, t.Status == CaseTaskStatus.Done,
                t.DoneOn ?? (t.DoneAtUtc is { } at ? LocalDate(at) : null), NameOf(t.DoneByUserId), t.Note,
                t.Status == CaseTaskStatus.Open && t.Due < today))
            .OrderBy(t => t.Done).ThenBy(t => t.Due).ThenBy(t => TaskCatalog.SortKey(t.Code))
            .ToList();

        var timeline = new List<TimelineEntry>();
        foreach (var e in events)
            timeline.Add(new TimelineEntry(e.On, e.AtUtc, TimelineKind.CaseEvent, e.Text, null, NameOf(e.UserId), null, null));
        foreach (var t in taskLines)
        {
            timeline.Add(new TimelineEntry(t.RaisedOn, t.RaisedOn.ToDateTime(TimeOnly.MinValue), TimelineKind.TaskRaised,
                $"Uppgift: {t.Title}", $"{t.Role}, senast {Date(t.Due)}", null, null, null));
            if (t.Done && t.DoneOn is { } doneOn)
                timeline.Add(new TimelineEntry(doneOn, doneOn.ToDateTime(TimeOnly.MaxValue), TimelineKind.TaskDone,
                    $"Klar: {t.Title}", t.Note, t.DoneBy, null, null));
        }
        foreach (var t in talks)
        {
            var details = string.Join(" ", new[]
            {
                t.Note is { Length: > 0 } ? $"Samtal: {t.Note}" : null,
                t.AgreedActions is { Length: > 0 } ? $"Överenskommet: {t.AgreedActions}" : null,
                t.NextFollowUp is { } next ? $"Nästa uppföljning {Date(next)}." : null,
                t.Version > 1 ? $"(Ändrat, version {t.Version}.)" : null,
            }.OfType<string>());
            timeline.Add(new TimelineEntry(t.HeldOn, t.LoggedAtUtc ?? t.HeldOn.ToDateTime(TimeOnly.MinValue), TimelineKind.WeeklyTalk,
                $"Veckosamtal om vecka {ISOWeek.GetWeekOfYear(t.WeekStart.ToDateTime(TimeOnly.MinValue))}{WithWhom(t.WithWhom)}",
                details.Length == 0 ? null : details, NameOf(t.MentorUserId), null, null));
        }
        var taskTitles = taskLines.ToDictionary(t => t.Id, t => t.Title);
        foreach (var a in attempts)
            timeline.Add(new TimelineEntry(DateOnly.FromDateTime(a.At), a.RecordedAtUtc, TimelineKind.ContactAttempt,
                $"Kontaktförsök med vårdnadshavare ({MethodName(a.Method)}, kl. {a.At:HH\\:mm}): {(a.Reached ? "nådde vårdnadshavare" : "nådde inte vårdnadshavare")}",
                string.Join(" ", new[] { taskTitles.GetValueOrDefault(a.TaskId) is { } title ? $"Uppgift: {title}." : null, a.Note }.OfType<string>()),
                NameOf(a.UserId), null, null));
        foreach (var c in checklists)
            timeline.Add(new TimelineEntry(LocalDate(c.RecordedAtUtc), c.RecordedAtUtc, TimelineKind.Checklist,
                $"Checklista vid frånvaro (bilaga 1), version {c.Version}", $"Närvarodata till och med {Date(c.AsOf)}.",
                NameOf(c.RecordedByUserId), $"/elev/{pupilId}/checklista/{c.Version}.pdf",
                $"Öppna bilaga 1, version {c.Version} (PDF)"));
        foreach (var d in stored)
            timeline.Add(new TimelineEntry(LocalDate(d.CreatedAtUtc), d.CreatedAtUtc, TimelineKind.Document,
                $"Dokument: {PupilDocuments.DisplayName(d.Kind)}", $"Ifyllt med närvarodata till och med {Date(d.AsOf)}.", null,
                $"/dokument/{d.Id}", $"Hämta {PupilDocuments.DisplayName(d.Kind)} ({d.FileName})"));

        return (taskLines, timeline.OrderByDescending(e => e.On).ThenByDescending(e => e.SortKey).ToList());
    }

    private static string TaskTitle(string code) => TaskCatalog.IsKnown(code) ? TaskCatalog.Get(code).Title : code;

    private static string RoleName(string role) => Enum.TryParse<TaskRole>(role, out var r) ? r.DisplayName() : role;

    private static string WithWhom(TalkParticipants? who) => who switch
    {
        TalkParticipants.Elev => " med eleven",
        TalkParticipants.Vardnadshavare => " med vårdnadshavare",
        TalkParticipants.Bada => " med elev och vårdnadshavare",
        _ => "",
    };

    private static string MethodName(ContactMethod method) => method switch
    {
        ContactMethod.Telefon => "telefon",
        ContactMethod.Sms => "sms",
        ContactMethod.Epost => "e-post",
        ContactMethod.Mote => "möte",
        _ => method.ToString(),
    };

    private static DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), SwedishTime.Zone));

    /// <summary>"27 nov. 2026".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", Swedish);

    private static string Percent(double value) => value.ToString("0.0", Swedish) + " %";
}
