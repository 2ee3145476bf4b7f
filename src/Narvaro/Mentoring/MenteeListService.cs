using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Mentoring;

/// <summary>How the mentor's list is ordered; <see cref="Urgency"/> is the default.</summary>
public enum MenteeSort
{
    /// <summary>Overdue tasks first, then the highest step, then the highest absence %.</summary>
    Urgency,
    Name,
    Class,
    Absence,
    Invalid,
}

public sealed record MenteeTask(int TaskId, string Code, string Label, DateOnly RaisedOn, DateOnly Due, bool Overdue, int ContactAttempts);

/// <summary>A calendar month's absence %, null when nothing was reported that month.</summary>
public sealed record MonthAbsence(DateOnly Month, double? AbsencePercent);

public sealed record MenteeRow(
    int PupilId,
    string Name,
    string ClassName,
    AbsenceMeasures Measures,
    bool LowCoverage,
    bool HasOpenCase,
    int Step,
    bool ContinuousInvalid,
    int LateLevel,
    IReadOnlyList<MenteeTask> OpenTasks,
    IReadOnlyList<MonthAbsence> Months)
{
    public bool HasOverdue => OpenTasks.Any(t => t.Overdue);
}

/// <summary>An open S1-CONTACT task: the guardian is to be contacted today (or should have been, when overdue).</summary>
public sealed record FirstDayContact(int TaskId, int PupilId, string Name, string ClassName, DateOnly RaisedOn, DateOnly Due, bool Overdue, int ContactAttempts);

public sealed record MenteePage(
    DateOnly Today,
    AbsenceWindow Window,
    MenteeSort Sort,
    int Page,
    int PageCount,
    int Total,
    IReadOnlyList<MenteeRow> Rows,
    IReadOnlyList<FirstDayContact> ContactsToday);

/// <summary>
/// The mentor's list (Mina elever): every mentee with the rolling window's figures, six months of monthly absence,
/// the case's step and flags and the open mentor tasks. Six queries, each for all the mentor's pupils at once
/// (pupils, policies, open cases, day tasks, case tasks, attendance summed per pupil and date), so the page
/// costs the same whatever the size of the database; attendance is read by its key (pupil, date).
/// </summary>
public sealed class MenteeListService(NarvaroDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;
    public const int SparklineMonths = 6;

    /// <summary>Reported minutes below this share of the scheduled ones flag the pupil's figures as incomplete.</summary>
    public const decimal LowCoveragePercent = 90m;

    public async Task<MenteePage> PageAsync(string userId, MenteeSort sort, int page, CancellationToken cancellationToken = default)
    {
        var today = SwedishTime.Today(clock);
        var pupils = await StaffAccess.Mentees(db, userId).AsNoTracking()
            .Select(p => new { p.Id, p.FirstName, p.LastName, ClassName = p.Class!.Name, p.School!.OrganisationId })
            .ToListAsync(cancellationToken);
        var defaultWindow = AbsenceWindow.Rolling(today, PolicySettings.Trosa().WindowDays);
        if (pupils.Count == 0)
            return new MenteePage(today, defaultWindow, sort, 1, 1, 0, [], []);

        var organisationIds = pupils.Select(p => p.OrganisationId).Distinct().ToList();
        var policies = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Policy, cancellationToken);
        var pupilIds = pupils.Select(p => p.Id).ToList();

        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.ClosedOn == null && pupilIds.Contains(c.PupilId))
            .Select(c => new { c.Id, c.PupilId, c.Step, c.ContinuousInvalid, c.LateLevel })
            .ToDictionaryAsync(c => c.PupilId, cancellationToken);

        // Two reads, each by an index that exists: the day tasks (S1-CONTACT) by pupil (UX_Tasks_DayTask), the case
        // tasks by open case (UX_Tasks_CaseCode). Status is checked here, not in SQL: a condition on it would lead SQLite
        // to the (Status, Due) index and every open task of every school. A pupil has few tasks, done ones included.
        var mentorRole = nameof(TaskRole.Mentor);
        var caseIds = cases.Values.Select(c => (int?)c.Id).ToList();
        var dayTasks = await db.Tasks.AsNoTracking()
            .Where(t => t.CaseId == null && pupilIds.Contains(t.PupilId) && t.Role == mentorRole)
            .Select(t => new { t.Id, t.PupilId, t.Code, t.RaisedOn, t.Due, t.Status, Attempts = t.ContactAttempts.Count })
            .ToListAsync(cancellationToken);
        var caseTasks = caseIds.Count == 0 ? [] : await db.Tasks.AsNoTracking()
            .Where(t => t.CaseId != null && caseIds.Contains(t.CaseId) && t.Role == mentorRole)
            .Select(t => new { t.Id, t.PupilId, t.Code, t.RaisedOn, t.Due, t.Status, Attempts = t.ContactAttempts.Count })
            .ToListAsync(cancellationToken);
        var tasks = dayTasks.Concat(caseTasks).Where(t => t.Status == CaseTaskStatus.Open)
            .Select(t => (t.PupilId, Task: new MenteeTask(t.Id, t.Code, Label(t.Code), t.RaisedOn, t.Due, t.Due < today, t.Attempts)))
            .ToLookup(t => t.PupilId, t => t.Task);

        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-(SparklineMonths - 1));
        var windows = policies.ToDictionary(p => p.Key, p => AbsenceWindow.Rolling(today, p.Value.WindowDays));
        var from = windows.Values.Select(w => w.From).Append(firstMonth).Min();
        var days = (await PupilDaySums.PerPupilAndDayAsync(db, pupilIds, from, today, cancellationToken)).ToLookup(d => d.PupilId);

        var rows = pupils.Select(p =>
        {
            var policy = policies[p.OrganisationId];
            var window = windows[p.OrganisationId];
            var pupilDays = days[p.Id].OrderBy(d => d.Date).ToList();
            var measures = AbsenceMeasuresCalculator.Fold(p.Id, pupilDays.Where(d => window.Contains(d.Date)), policy.CountApprovedLeave);
            var months = Enumerable.Range(0, SparklineMonths).Select(i =>
            {
                var month = firstMonth.AddMonths(i);
                var inMonth = pupilDays.Where(d => d.Date.Year == month.Year && d.Date.Month == month.Month).ToList();
                var reported = inMonth.Sum(d => d.ReportedMinutes);
                var absent = inMonth.Sum(d => d.ValidMinutes + d.InvalidMinutes + d.LateMinutes + (policy.CountApprovedLeave ? d.LeaveMinutes : 0));
                return new MonthAbsence(month, reported == 0 ? null : 100.0 * absent / reported);
            }).ToList();
            var lowCoverage = measures.OfferedMinutes > 0 && measures.ReportedMinutes * 100m < LowCoveragePercent * measures.OfferedMinutes;
            cases.TryGetValue(p.Id, out var @case);
            return new MenteeRow(p.Id, $"{p.FirstName} {p.LastName}", p.ClassName, measures, lowCoverage,
                @case is not null, @case?.Step ?? 0, @case?.ContinuousInvalid ?? false, @case?.LateLevel ?? 0,
                tasks[p.Id].OrderBy(t => t.Due).ThenBy(t => TaskCatalog.SortKey(t.Code)).ToList(), months);
        }).ToList();

        var contacts = rows
            .SelectMany(r => r.OpenTasks.Where(t => t.Code == TaskCatalog.S1Contact)
                .Select(t => new FirstDayContact(t.TaskId, r.PupilId, r.Name, r.ClassName, t.RaisedOn, t.Due, t.Overdue, t.ContactAttempts)))
            .OrderBy(c => c.Due).ThenBy(c => c.Name, StringComparer.Create(SwedishCulture, false))
            .ToList();

        var sorted = Sort(rows, sort).ToList();
        var pageCount = Math.Max(1, (sorted.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var window0 = windows.Values.First();
        return new MenteePage(today, window0, sort, page, pageCount, sorted.Count,
            sorted.Skip((page - 1) * PageSize).Take(PageSize).ToList(), contacts);
    }

    private static readonly System.Globalization.CultureInfo SwedishCulture = System.Globalization.CultureInfo.GetCultureInfo("sv-SE");

    private static IEnumerable<MenteeRow> Sort(List<MenteeRow> rows, MenteeSort sort)
    {
        var byName = StringComparer.Create(SwedishCulture, false);
        return sort switch
        {
            MenteeSort.Name => rows.OrderBy(r => r.Name, byName),
            MenteeSort.Class => rows.OrderBy(r => r.ClassName, byName).ThenBy(r => r.Name, byName),
            MenteeSort.Absence => rows.OrderByDescending(r => r.Measures.AbsencePercent).ThenBy(r => r.Name, byName),
            MenteeSort.Invalid => rows.OrderByDescending(r => r.Measures.InvalidPercent).ThenBy(r => r.Name, byName),
            _ => rows
                .OrderByDescending(r => r.HasOverdue)
                .ThenByDescending(r => r.Step)
                .ThenByDescending(r => r.Measures.AbsencePercent)
                .ThenBy(r => r.Name, byName),
        };
    }

    private static string Label(string code) => TaskCatalog.IsKnown(code) ? TaskCatalog.Get(code).Title : code;
}
