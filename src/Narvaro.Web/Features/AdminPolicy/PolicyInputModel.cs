using System.Globalization;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.AdminPolicy;

/// <summary>One task row as posted.</summary>
public sealed class PolicyTaskInput
{
    public string? Code { get; set; }
    public string? Role { get; set; }
    public string? DueDays { get; set; }
}

/// <summary>
/// The policy form as posted: every value read as text and parsed here, so a value that is not a number gives a
/// Swedish message at its field. Field names are the settings' property names (the error keys of PolicySettings).
/// </summary>
public sealed class PolicyInputModel
{
    public string? Kind { get; set; }
    public string? ChecklistThresholdPercent { get; set; }
    public string? StudentHealthThresholdPercent { get; set; }
    public string? SkolchefThresholdPercent { get; set; }
    public string? WindowDays { get; set; }
    public string? MinSchoolDays { get; set; }
    public string? CountApprovedLeave { get; set; }
    public string? ContinuousInvalidSchoolDays { get; set; }
    public string? LateContactThreshold { get; set; }
    public string? LateReportThreshold { get; set; }
    public string? InactivityLimitDays { get; set; }
    public string? RequireTwoFactor { get; set; }
    public string? EhtMeetingDay { get; set; }
    public string? EhtMeetingEveryWeeks { get; set; }
    public List<PolicyTaskInput> Tasks { get; set; } = [];

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static PolicyInputModel From(PolicySnapshot snapshot)
    {
        var s = snapshot.Settings;
        string Dec(decimal v) => v.ToString("0.##", Swedish);
        string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
        return new PolicyInputModel
        {
            Kind = s.Kind.ToString(),
            ChecklistThresholdPercent = Dec(s.ChecklistThresholdPercent),
            StudentHealthThresholdPercent = Dec(s.StudentHealthThresholdPercent),
            SkolchefThresholdPercent = Dec(s.SkolchefThresholdPercent),
            WindowDays = Int(s.WindowDays),
            MinSchoolDays = Int(s.MinSchoolDays),
            CountApprovedLeave = s.CountApprovedLeave ? "ja" : "nej",
            ContinuousInvalidSchoolDays = Int(s.ContinuousInvalidSchoolDays),
            LateContactThreshold = Int(s.LateContactThreshold),
            LateReportThreshold = Int(s.LateReportThreshold),
            InactivityLimitDays = Int(s.InactivityLimitDays),
            RequireTwoFactor = s.RequireTwoFactor ? "ja" : "nej",
            EhtMeetingDay = s.EhtMeetingDay?.ToString() ?? "",
            EhtMeetingEveryWeeks = Int(s.EhtMeetingEveryWeeks),
            Tasks = snapshot.Tasks.Select(t => new PolicyTaskInput { Code = t.Code, Role = t.Role.ToString(), DueDays = Int(t.DueDays) }).ToList(),
        };
    }

    /// <summary>The proposed policy, or the fields that are not numbers or not one of the choices.</summary>
    public (PolicySnapshot? Proposed, List<(string Field, string Message)> Errors) Parse()
    {
        var errors = new List<(string Field, string Message)>();
        var s = new PolicySettings();
        if (Enum.TryParse<PolicyKind>(Kind, out var kind) && Enum.IsDefined(kind)) s.Kind = kind;
        else errors.Add((nameof(Kind), "Välj trappan (Trosa) eller Närvarohjulet."));
        s.ChecklistThresholdPercent = Percent(ChecklistThresholdPercent, nameof(ChecklistThresholdPercent), "Gränsen för steg 3", errors);
        s.StudentHealthThresholdPercent = Percent(StudentHealthThresholdPercent, nameof(StudentHealthThresholdPercent), "Gränsen för steg 4", errors);
        s.SkolchefThresholdPercent = Percent(SkolchefThresholdPercent, nameof(SkolchefThresholdPercent), "Gränsen för steg 5", errors);
        s.WindowDays = Whole(WindowDays, nameof(WindowDays), "Mätperioden", errors);
        s.MinSchoolDays = Whole(MinSchoolDays, nameof(MinSchoolDays), "Minsta antal skoldagar", errors);
        s.CountApprovedLeave = CountApprovedLeave == "ja";
        s.ContinuousInvalidSchoolDays = Whole(ContinuousInvalidSchoolDays, nameof(ContinuousInvalidSchoolDays), "Antal skoldagar", errors);
        s.LateContactThreshold = Whole(LateContactThreshold, nameof(LateContactThreshold), "Antal sena ankomster", errors);
        s.LateReportThreshold = Whole(LateReportThreshold, nameof(LateReportThreshold), "Antal sena ankomster", errors);
        s.InactivityLimitDays = Whole(InactivityLimitDays, nameof(InactivityLimitDays), "Antal dagar", errors);
        s.RequireTwoFactor = RequireTwoFactor == "ja";
        if (string.IsNullOrEmpty(EhtMeetingDay)) s.EhtMeetingDay = null;
        else if (Enum.TryParse<DayOfWeek>(EhtMeetingDay, out var day) && Enum.IsDefined(day)) s.EhtMeetingDay = day;
        else errors.Add((nameof(EhtMeetingDay), "Välj en veckodag i listan eller ingen fast dag."));
        s.EhtMeetingEveryWeeks = Whole(EhtMeetingEveryWeeks, nameof(EhtMeetingEveryWeeks), "Antal veckor", errors);

        var catalogue = TaskCatalog.Trosa.ToDictionary(t => t.Code);
        var tasks = new List<PolicyTaskRow>();
        foreach (var input in Tasks)
        {
            if (input.Code is null || !catalogue.TryGetValue(input.Code, out var definition))
            {
                errors.Add(("Tasks", "En uppgift i formuläret finns inte i handlingsplanen. Ladda om sidan och försök igen."));
                continue;
            }
            var field = "Task:" + definition.Code;
            if (!Enum.TryParse<TaskRole>(input.Role, out var role) || !Enum.IsDefined(role))
                errors.Add((field, $"Välj vem som ansvarar för \"{definition.Title}\" i listan."));
            if (!int.TryParse(input.DueDays?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var due))
            {
                errors.Add((field, $"Antal dagar för \"{definition.Title}\" måste vara ett heltal mellan 0 och {PolicyAdministration.MaxDueDays}."));
                due = -1;
            }
            tasks.Add(new PolicyTaskRow(definition.Code, definition.Step, definition.Title, role, due));
        }
        if (errors.Count > 0) return (null, errors);
        return (new PolicySnapshot(s, tasks), errors);
    }

    private static decimal Percent(string? value, string field, string name, List<(string, string)> errors)
    {
        var text = value?.Trim().TrimEnd('%').Trim().Replace('.', ',');
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, Swedish, out var v)) return v;
        errors.Add((field, $"{name} måste vara ett tal i procent, till exempel 10 eller 12,5."));
        return 0;
    }

    private static int Whole(string? value, string field, string name, List<(string, string)> errors)
    {
        if (int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
        errors.Add((field, $"{name} måste vara ett heltal, till exempel 14."));
        return 0;
    }
}
