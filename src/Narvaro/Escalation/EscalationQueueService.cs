using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

/// <summary>What the rector narrows the queue to; null or false leaves a filter out.</summary>
public sealed record EscalationFilter(
    int? Step = null,
    int? ClassId = null,
    string? MentorId = null,
    bool OverdueOnly = false,
    bool ContinuousInvalidOnly = false,
    int? InactiveDaysAtLeast = null)
{
    public static readonly EscalationFilter None = new();

    /// <summary>The steps a case can be at: 0 (opened by M or sen ankomst alone), 3, 4 and 5.</summary>
    public static readonly IReadOnlyList<int> Steps = [3, 4, 5, 0];

    public bool IsEmpty => this == None;
}

public sealed record QueueTask(int TaskId, string Code, string Label, string RoleName, DateOnly Due, bool Overdue);

public sealed record QueueRow(
    int CaseId,
    int PupilId,
    string Name,
    int ClassId,
    string ClassName,
    string SchoolName,
    string? MentorId,
    string? MentorName,
    int Step,
    bool ContinuousInvalid,
    int LateLevel,
    bool ConcernRemains,
    AbsenceMeasures Measures,
    DateOnly OpenedOn,
    QueueTask? NextTask,
    IReadOnlyList<QueueTask> OverdueTasks,
    DateOnly LastActionOn,
    int DaysWithoutAction,
    int InactivityLimitDays = InactivityRule.LimitDays)
{
    public bool HasOverdue => OverdueTasks.Count > 0;
    /// <summary>Past the huvudman's limit (PolicySettings.InactivityLimitDays).</summary>
    public bool PastInactivityLimit => InactivityRule.IsPastLimit(DaysWithoutAction, InactivityLimitDays);
}

public sealed record QueueOption(string Value, string Text);

public sealed record StepCount(int Step, int Count);

public sealed record EscalationQueue(
    DateOnly Today,
    AbsenceWindow Window,
    EscalationFilter Filter,
    int Page,
    int PageCount,
    int Total,
    int OpenCases,
    IReadOnlyList<StepCount> StepCounts,
    int ContinuousInvalidCount,
    IReadOnlyList<QueueRow> Rows,
    IReadOnlyList<QueueOption> Classes,
    IReadOnlyList<QueueOption> Mentors,
    bool UnknownClass,
    bool UnknownMentor,
    int SchoolCount,
    int InactivityLimitDays = InactivityRule.LimitDays);

/// <summary>
/// The rector's escalation queue (Eskaleringskö): every open case of the rector's schools with the pupil's figures,
/// the next task, the overdue ones and the days since anything was done, M cases always first. A fixed number of
/// queries whatever the size of the database, each by an index: the schools by the rector's role assignments, the
/// open cases by the pupils' school index and the open-case index, policies and classes by key, case tasks by
/// (case, code), people's case events by (case, date), and attendance by its key (pupil, date) over the window.
/// Filters, sorting and paging then work on the school's open cases in memory (a school has hundreds, not thousands).
/// </summary>
public sealed class EscalationQueueService(NarvaroDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    private static readonly System.Globalization.CultureInfo Swedish = System.Globalization.CultureInfo.GetCultureInfo("sv-SE");

    public async Task<EscalationQueue> QueueAsync(string userId, EscalationFilter filter, int page, CancellationToken cancellationToken = default)
    {
        var today = SwedishTime.Today(clock);
        // The figures are those of the pupil page and the nightly evaluation: the window ending yesterday.
        var asOf = today.AddDays(-1);
        var schools = await StaffAccess.SchoolsWhere(db, userId, [StaffRoles.Rektor]).AsNoTracking()
            .Select(s => new { s.Id, s.Name, s.OrganisationId })
            .ToListAsync(cancellationToken);
        var schoolIds = schools.Select(s => s.Id).ToList();
        var defaultWindow = AbsenceWindow.Rolling(asOf, PolicySettings.Trosa().WindowDays);
        if (schoolIds.Count == 0)
            return new EscalationQueue(today, defaultWindow, filter, 1, 1, 0, 0, CountSteps([]), 0, [], [], [], false, false, 0);

        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.ClosedOn == null && schoolIds.Contains(c.Pupil!.SchoolId))
            .Select(c => new
            {
                c.Id, c.PupilId, c.Step, c.ContinuousInvalid, c.LateLevel, c.ConcernRemains, c.OpenedOn,
                c.Pupil!.FirstName, c.Pupil.LastName, c.Pupil.SchoolId, c.Pupil.ClassId, c.Pupil.MentorId,
                MentorName = c.Pupil.Mentor!.DisplayName,
            })
            .ToListAsync(cancellationToken);

        var classes = await db.Classes.AsNoTracking().Where(c => schoolIds.Contains(c.SchoolId))
            .Select(c => new { c.Id, c.Name, c.SchoolId })
            .ToListAsync(cancellationToken);
        var organisationIds = schools.Select(s => s.OrganisationId).Distinct().ToList();
        var policies = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Policy, cancellationToken);

        // Status is checked here, not in SQL: a condition on it would lead SQLite to the (Status, Due) index and every
        // open task of every school (as in MenteeListService). A case has at most a dozen tasks.
        var caseIds = cases.Select(c => (int?)c.Id).ToList();
        var tasks = caseIds.Count == 0 ? [] : await db.Tasks.AsNoTracking()
            .Where(t => t.CaseId != null && caseIds.Contains(t.CaseId))
            .Select(t => new { t.Id, CaseId = t.CaseId!.Value, t.Code, t.Role, t.Due, t.Status, t.DoneOn, t.DoneAtUtc })
            .ToListAsync(cancellationToken);
        var eventCaseIds = cases.Select(c => c.Id).ToList();
        var personEvents = eventCaseIds.Count == 0 ? [] : await db.CaseEvents.AsNoTracking()
            .Where(e => eventCaseIds.Contains(e.CaseId) && e.UserId != null)
            .GroupBy(e => e.CaseId)
            .Select(g => new { CaseId = g.Key, Latest = g.Max(e => e.On) })
            .ToListAsync(cancellationToken);
        var latestEvent = personEvents.ToDictionary(e => e.CaseId, e => e.Latest);
        var tasksByCase = tasks.ToLookup(t => t.CaseId);

        var schoolOf = schools.ToDictionary(s => s.Id);
        var windows = policies.ToDictionary(p => p.Key, p => AbsenceWindow.Rolling(asOf, p.Value.WindowDays));
        var from = windows.Values.Select(w => w.From).DefaultIfEmpty(defaultWindow.From).Min();
        var days = cases.Count == 0 ? [] : await PupilDaySums.PerPupilAndDayAsync(db, cases.Select(c => c.PupilId).ToList(), from, asOf, cancellationToken);
        var daysByPupil = days.ToLookup(d => d.PupilId);
        var classNames = classes.ToDictionary(c => c.Id, c => c.Name);

        var all = cases.Select(c =>
        {
            var school = schoolOf[c.SchoolId];
            var policy = policies[school.OrganisationId];
            var window = windows[school.OrganisationId];
            var measures = AbsenceMeasuresCalculator.Fold(c.PupilId,
                daysByPupil[c.PupilId].Where(d => window.Contains(d.Date)).OrderBy(d => d.Date), policy.CountApprovedLeave);
            var caseTasks = tasksByCase[c.Id].ToList();
            var open = caseTasks.Where(t => t.Status == CaseTaskStatus.Open)
                .OrderBy(t => t.Due).ThenBy(t => TaskCatalog.SortKey(t.Code))
                .Select(t => new QueueTask(t.Id, t.Code, Label(t.Code), RoleName(t.Role), t.Due, t.Due < today))
                .ToList();
            var doneDates = caseTasks.Where(t => t.Status == CaseTaskStatus.Done)
                .Select(t => t.DoneOn ?? (t.DoneAtUtc is { } at ? LocalDate(at) : (DateOnly?)null))
                .OfType<DateOnly>();
            var eventDates = latestEvent.TryGetValue(c.Id, out var latest) ? [latest] : Array.Empty<DateOnly>();
            var lastAction = InactivityRule.LastActionOn(c.OpenedOn, doneDates.Concat(eventDates));
            return new QueueRow(c.Id, c.PupilId, $"{c.FirstName} {c.LastName}", c.ClassId,
                classNames.GetValueOrDefault(c.ClassId, ""), school.Name, c.MentorId, c.MentorId is null ? null : c.MentorName,
                c.Step, c.ContinuousInvalid, c.LateLevel, c.ConcernRemains, measures, c.OpenedOn,
                open.FirstOrDefault(), open.Where(t => t.Overdue).ToList(),
                lastAction, InactivityRule.DaysWithoutAction(lastAction, today), policy.InactivityLimitDays);
        }).ToList();

        var byName = StringComparer.Create(Swedish, false);
        var multipleSchools = schools.Count > 1;
        var classOptions = classes
            .OrderBy(c => multipleSchools ? schoolOf[c.SchoolId].Name : "", byName).ThenBy(c => c.Name, byName)
            .Select(c => new QueueOption(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                multipleSchools ? $"{c.Name} ({schoolOf[c.SchoolId].Name})" : c.Name))
            .ToList();
        var mentorOptions = all.Where(r => r.MentorId is not null)
            .GroupBy(r => r.MentorId!)
            .Select(g => new QueueOption(g.Key, g.First().MentorName ?? ""))
            .OrderBy(o => o.Text, byName)
            .ToList();

        var unknownClass = filter.ClassId is { } classId && !classNames.ContainsKey(classId);
        var unknownMentor = filter.MentorId is { } mentorId && mentorOptions.All(o => o.Value != mentorId);
        var applied = filter with
        {
            ClassId = unknownClass ? null : filter.ClassId,
            MentorId = unknownMentor ? null : filter.MentorId,
        };

        var filtered = Sort(all.Where(r => Matches(r, applied)), byName).ToList();
        var pageCount = Math.Max(1, (filtered.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var window0 = windows.Values.DefaultIfEmpty(defaultWindow).First();
        return new EscalationQueue(today, window0, applied, page, pageCount, filtered.Count, all.Count, CountSteps(all),
            all.Count(r => r.ContinuousInvalid), filtered.Skip((page - 1) * PageSize).Take(PageSize).ToList(),
            classOptions, mentorOptions, unknownClass, unknownMentor, schools.Count,
            policies.Values.Select(p => p.InactivityLimitDays).DefaultIfEmpty(InactivityRule.LimitDays).First());
    }

    public static bool Matches(QueueRow row, EscalationFilter filter) =>
        (filter.Step is not { } step || row.Step == step)
        && (filter.ClassId is not { } classId || row.ClassId == classId)
        && (filter.MentorId is not { } mentorId || row.MentorId == mentorId)
        && (!filter.OverdueOnly || row.HasOverdue)
        && (!filter.ContinuousInvalidOnly || row.ContinuousInvalid)
        && (filter.InactiveDaysAtLeast is not { } daysAtLeast || row.DaysWithoutAction >= daysAtLeast);

    /// <summary>By urgency: M first (the plan says it must always be reported), then overdue tasks, then step, then absence %.</summary>
    public static IEnumerable<QueueRow> Sort(IEnumerable<QueueRow> rows, StringComparer byName) => rows
        .OrderByDescending(r => r.ContinuousInvalid)
        .ThenByDescending(r => r.HasOverdue)
        .ThenByDescending(r => r.Step)
        .ThenByDescending(r => r.Measures.AbsencePercent)
        .ThenByDescending(r => r.DaysWithoutAction)
        .ThenBy(r => r.Name, byName);

    private static List<StepCount> CountSteps(List<QueueRow> rows) =>
        EscalationFilter.Steps.Select(s => new StepCount(s, rows.Count(r => r.Step == s))).ToList();

    private static string Label(string code) => TaskCatalog.IsKnown(code) ? TaskCatalog.Get(code).Title : code;

    private static string RoleName(string role) => Enum.TryParse<TaskRole>(role, out var r) ? r.DisplayName() : role;

    private static DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), SwedishTime.Zone));
}
