using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>One task of the plan as the huvudman set it: who does it and within how many days.</summary>
public sealed record PolicyTaskRow(string Code, string Step, string Title, TaskRole Role, int DueDays);

/// <summary>Everything a policy change compares: the settings and the task rows.</summary>
public sealed record PolicySnapshot(PolicySettings Settings, IReadOnlyList<PolicyTaskRow> Tasks);

public sealed record PolicyHistoryRow(DateTime ChangedAtUtc, string ChangedBy, DateOnly EffectiveFrom, IReadOnlyList<string> Lines);

public sealed record PolicyPage(string OrganisationName, PolicySnapshot Current, IReadOnlyList<PolicyHistoryRow> History);

/// <summary>The outcome of a save: field errors (nothing saved), unchanged (nothing saved), or the change written.</summary>
public sealed record PolicySaveResult(IReadOnlyList<(string Field, string Message)> Errors, PolicyChange? Change)
{
    public bool Unchanged => Errors.Count == 0 && Change is null;
}

/// <summary>
/// /admin/policy: reads and saves a huvudman's policy; every change is kept (PolicyChange) with who, when, a Swedish
/// line per changed setting, and takes effect from the next evaluated day.
/// </summary>
public sealed class PolicyAdministration(NarvaroDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const string ChangedAction = "Policy ändrad";
    public const int MaxDueDays = 60;

    /// <summary>The huvudman the user administers (the first, should they hold the role over several); null if none.</summary>
    public async Task<int?> AdminOrganisationAsync(string userId, CancellationToken cancellationToken = default) =>
        await StaffAccess.FirstOrganisationWhereAsync(db, userId, StaffRoles.Admin, cancellationToken);

    public async Task<PolicyPage?> LoadAsync(int organisationId, CancellationToken cancellationToken = default)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null) return null;
        var tasks = await db.PolicyTasks.AsNoTracking().Where(t => t.OrganisationId == organisationId).ToListAsync(cancellationToken);
        var changes = await db.PolicyChanges.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .OrderByDescending(c => c.Id).Take(100)
            .Select(c => new { c.ChangedAtUtc, c.ChangedByUserId, c.EffectiveFrom, c.Summary }).ToListAsync(cancellationToken);
        var userIds = changes.Select(c => c.ChangedByUserId).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new PolicyPage(organisation.Name, new PolicySnapshot(organisation.Policy, Rows(tasks)),
            changes.Select(c => new PolicyHistoryRow(c.ChangedAtUtc, names.GetValueOrDefault(c.ChangedByUserId, "Okänd"), c.EffectiveFrom,
                c.Summary.Split('\n'))).ToList());
    }

    public static IReadOnlyList<PolicyTaskRow> Rows(IEnumerable<PolicyTaskSetting> settings)
    {
        var plan = TaskPlan.For(settings);
        return TaskCatalog.Trosa.Select(t => new PolicyTaskRow(t.Code, t.Step, t.Title, plan.RoleOf(t.Code),
            plan.DueOf(t.Code, DateOnly.MinValue).DayNumber)).ToList();
    }

    /// <summary>Field errors of a proposed policy; task fields are named "Task:{code}".</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(PolicySnapshot proposed)
    {
        var errors = proposed.Settings.ValidationErrors().ToList();
        foreach (var task in proposed.Tasks)
        {
            if (!TaskCatalog.IsKnown(task.Code)) errors.Add(("Task:" + task.Code, $"Uppgiften {task.Code} finns inte i handlingsplanen."));
            else if (task.DueDays is < 0 or > MaxDueDays)
                errors.Add(("Task:" + task.Code, $"Antal dagar för \"{task.Title}\" måste vara ett heltal mellan 0 och {MaxDueDays}."));
        }
        return errors;
    }

    public async Task<PolicySaveResult> SaveAsync(int organisationId, string userId, PolicySnapshot proposed, CancellationToken cancellationToken = default)
    {
        var errors = Validate(proposed);
        if (errors.Count > 0) return new(errors, null);
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId, cancellationToken);
        var taskSettings = await db.PolicyTasks.Where(t => t.OrganisationId == organisationId).ToListAsync(cancellationToken);
        var before = new PolicySnapshot(Copy(organisation.Policy), Rows(taskSettings));
        var lines = PolicyChangeSummary.Lines(before, proposed);
        if (lines.Count == 0) return new([], null);

        Apply(organisation.Policy, proposed.Settings);
        db.PolicyTasks.RemoveRange(taskSettings);
        db.PolicyTasks.AddRange(proposed.Tasks.Select(t => new PolicyTaskSetting
        {
            OrganisationId = organisationId, Code = t.Code, Role = t.Role.ToString(), DueDays = t.DueDays,
        }));
        var now = clock.GetUtcNow();
        var change = new PolicyChange
        {
            OrganisationId = organisationId,
            ChangedByUserId = userId,
            ChangedAtUtc = now.UtcDateTime,
            EffectiveFrom = SwedishTime.Today(clock).AddDays(1),
            Summary = string.Join("\n", lines),
            BeforeJson = JsonSerializer.Serialize(before),
            AfterJson = JsonSerializer.Serialize(proposed),
        };
        db.PolicyChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(userId, ChangedAction, details: Truncate($"{organisation.Name}: {string.Join("; ", lines)}"), cancellationToken: cancellationToken);
        return new([], change);
    }

    private static string Truncate(string s) => s.Length > 2000 ? s[..2000] : s;

    public static PolicySettings Copy(PolicySettings s)
    {
        var copy = new PolicySettings();
        Apply(copy, s);
        return copy;
    }

    private static void Apply(PolicySettings target, PolicySettings s)
    {
        target.Kind = s.Kind;
        target.ChecklistThresholdPercent = s.ChecklistThresholdPercent;
        target.StudentHealthThresholdPercent = s.StudentHealthThresholdPercent;
        target.SkolchefThresholdPercent = s.SkolchefThresholdPercent;
        target.WindowDays = s.WindowDays;
        target.MinSchoolDays = s.MinSchoolDays;
        target.CountApprovedLeave = s.CountApprovedLeave;
        target.ContinuousInvalidSchoolDays = s.ContinuousInvalidSchoolDays;
        target.LateContactThreshold = s.LateContactThreshold;
        target.LateReportThreshold = s.LateReportThreshold;
        target.InactivityLimitDays = s.InactivityLimitDays;
        target.RequireTwoFactor = s.RequireTwoFactor;
        target.EhtMeetingDay = s.EhtMeetingDay;
        target.EhtMeetingEveryWeeks = s.EhtMeetingEveryWeeks;
    }
}

/// <summary>The Swedish lines of a policy change, one per changed setting: "Gräns för steg 3: 10 % → 12 %".</summary>
public static class PolicyChangeSummary
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string KindName(PolicyKind kind) => kind == PolicyKind.Narvarohjulet ? "Närvarohjulet" : "Trappan (Trosa)";

    public static string DayName(DayOfWeek? day) => day is null ? "ingen fast dag" : Swedish.DateTimeFormat.GetDayName(day.Value);

    private static string Percent(decimal v) => v.ToString("0.##", Swedish) + " %";

    private static string YesNo(bool v) => v ? "ja" : "nej";

    public static IReadOnlyList<string> Lines(PolicySnapshot before, PolicySnapshot after)
    {
        var lines = new List<string>();
        void Add<T>(string label, T a, T b, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) lines.Add($"{label}: {show(a)} → {show(b)}");
        }
        var (x, y) = (before.Settings, after.Settings);
        Add("Arbetssätt", x.Kind, y.Kind, KindName);
        Add("Gräns för steg 3", x.ChecklistThresholdPercent, y.ChecklistThresholdPercent, Percent);
        Add("Gräns för steg 4", x.StudentHealthThresholdPercent, y.StudentHealthThresholdPercent, Percent);
        Add("Gräns för steg 5", x.SkolchefThresholdPercent, y.SkolchefThresholdPercent, Percent);
        Add("Mätperiod", x.WindowDays, y.WindowDays, d => $"{d} dagar");
        Add("Minsta antal skoldagar", x.MinSchoolDays, y.MinSchoolDays, d => $"{d}");
        Add("Beviljad ledighet räknas som frånvaro", x.CountApprovedLeave, y.CountApprovedLeave, YesNo);
        Add("Sammanhängande ogiltig frånvaro (M)", x.ContinuousInvalidSchoolDays, y.ContinuousInvalidSchoolDays, d => $"mer än {d} skoldagar");
        Add("Sena ankomster före kontakt med vårdnadshavare", x.LateContactThreshold, y.LateContactThreshold, d => $"{d}");
        Add("Sena ankomster före anmälan till rektor och EHT", x.LateReportThreshold, y.LateReportThreshold, d => $"{d}");
        Add("Dagar utan åtgärd innan ärendet markeras", x.InactivityLimitDays, y.InactivityLimitDays, d => $"{d}");
        Add("Tvåstegsverifiering krävs", x.RequireTwoFactor, y.RequireTwoFactor, YesNo);
        Add("EHT-mötesdag", x.EhtMeetingDay, y.EhtMeetingDay, DayName);
        Add("EHT möts", x.EhtMeetingEveryWeeks, y.EhtMeetingEveryWeeks, w => w == 1 ? "varje vecka" : $"var {w}:e vecka");
        var old = before.Tasks.ToDictionary(t => t.Code);
        foreach (var task in after.Tasks)
        {
            if (!old.TryGetValue(task.Code, out var was)) continue;
            Add($"Uppgift \"{task.Title}\", ansvarig", was.Role, task.Role, r => r.DisplayName());
            Add($"Uppgift \"{task.Title}\", dagar", was.DueDays, task.DueDays, d => $"{d}");
        }
        return lines;
    }
}
