namespace Narvaro.Domain;

/// <summary>Which municipal process the huvudman follows.</summary>
public enum PolicyKind
{
    /// <summary>Trosa kommun, "Handlingsplan för närvaro" (the staircase).</summary>
    Trosa = 0,
    /// <summary>Karlskrona kommun, "Närvarohjulet".</summary>
    Narvarohjulet = 1,
}

/// <summary>
/// The numbers of the action plan that a huvudman may set. Defaults are Trosa's
/// "Handlingsplan vid frånvaro" and "Sen ankomst" as read in staircase-rules.md.
/// </summary>
public class PolicySettings
{
    public PolicyKind Kind { get; set; } = PolicyKind.Trosa;
    /// <summary>Step 3: "Vid 10 % frånvaro under en månad" (at least).</summary>
    public decimal ChecklistThresholdPercent { get; set; } = 10m;
    /// <summary>Step 4: "Vid 15 % frånvaro" (at least).</summary>
    public decimal StudentHealthThresholdPercent { get; set; } = 15m;
    /// <summary>Step 5: "Vid mer än 20 % frånvaro" (strictly above).</summary>
    public decimal SkolchefThresholdPercent { get; set; } = 20m;
    /// <summary>Rolling window in calendar days, D−(n−1) … D.</summary>
    public int WindowDays { get; set; } = 30;
    /// <summary>A pupil is evaluated only with at least this many school days with a reported row in the window.</summary>
    public int MinSchoolDays { get; set; } = 10;
    /// <summary>Whether granted leave (SL 7:18) counts as absence.</summary>
    public bool CountApprovedLeave { get; set; } = true;
    /// <summary>"ogiltig sammanhängande frånvaro mer än 2 veckor": streak strictly above this many school days.</summary>
    public int ContinuousInvalidSchoolDays { get; set; } = 10;
    /// <summary>Sen ankomst: contact the guardian at this many late arrivals.</summary>
    public int LateContactThreshold { get; set; } = 3;
    /// <summary>Sen ankomst: report to rector and EHT at this many late arrivals.</summary>
    public int LateReportThreshold { get; set; } = 6;
    /// <summary>"Ingen åtgärd på N dagar" turns red in the rector's queue past this many days (default 14).</summary>
    public int InactivityLimitDays { get; set; } = 14;
    /// <summary>Administrators, rectors and the EHT must sign in with a second factor (an authenticator app).</summary>
    public bool RequireTwoFactor { get; set; }
    /// <summary>The weekday the schools' EHT usually meets (null: the rector sets each date); see <see cref="EhtMeetingEveryWeeks"/>.</summary>
    public DayOfWeek? EhtMeetingDay { get; set; }
    /// <summary>The EHT meets every this many weeks on <see cref="EhtMeetingDay"/> (1–4, counted from ISO week 1).</summary>
    public int EhtMeetingEveryWeeks { get; set; } = 2;

    public static PolicySettings Trosa() => new();

    /// <summary>Returns the reasons, in Swedish, why these settings cannot be used; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => ValidationErrors().Select(e => e.Message).ToList();

    /// <summary>The same reasons, each with the name of the setting (property) it is about, to show at that field.</summary>
    public IReadOnlyList<(string Field, string Message)> ValidationErrors()
    {
        var errors = new List<(string Field, string Message)>();
        if (ChecklistThresholdPercent is <= 0 or > 100)
            errors.Add((nameof(ChecklistThresholdPercent), "Gränsen för checklista (steg 3) måste vara mellan 0 och 100 %."));
        if (StudentHealthThresholdPercent <= ChecklistThresholdPercent)
            errors.Add((nameof(ChecklistThresholdPercent), "Gränsen för EHT (steg 4) måste vara högre än gränsen för checklista (steg 3)."));
        if (SkolchefThresholdPercent <= StudentHealthThresholdPercent)
            errors.Add((nameof(SkolchefThresholdPercent), "Gränsen för anmälan till skolchef (steg 5) måste vara högre än gränsen för EHT (steg 4)."));
        if (SkolchefThresholdPercent > 100)
            errors.Add((nameof(SkolchefThresholdPercent), "Gränsen för anmälan till skolchef (steg 5) får inte vara över 100 %."));
        if (WindowDays is < 7 or > 366)
            errors.Add((nameof(WindowDays), "Mätperioden måste vara mellan 7 och 366 dagar."));
        if (MinSchoolDays < 1 || MinSchoolDays > WindowDays)
            errors.Add((nameof(MinSchoolDays), "Minsta antal skoldagar måste vara minst 1 och högst mätperiodens längd."));
        if (ContinuousInvalidSchoolDays < 1)
            errors.Add((nameof(ContinuousInvalidSchoolDays), "Antal skoldagar för sammanhängande ogiltig frånvaro måste vara minst 1."));
        if (LateContactThreshold < 1)
            errors.Add((nameof(LateContactThreshold), "Antal sena ankomster före kontakt med vårdnadshavare måste vara minst 1."));
        if (LateReportThreshold <= LateContactThreshold)
            errors.Add((nameof(LateReportThreshold), "Antal sena ankomster före anmälan till rektor och EHT måste vara fler än för kontakt med vårdnadshavare."));
        if (InactivityLimitDays is < 1 or > 90)
            errors.Add((nameof(InactivityLimitDays), "Antal dagar utan åtgärd innan ärendet markeras måste vara mellan 1 och 90."));
        if (EhtMeetingEveryWeeks is < 1 or > 4)
            errors.Add((nameof(EhtMeetingEveryWeeks), "EHT-möten måste hållas var 1–4:e vecka."));
        if (EhtMeetingDay is DayOfWeek.Saturday or DayOfWeek.Sunday)
            errors.Add((nameof(EhtMeetingDay), "EHT-mötesdagen måste vara en vardag (måndag–fredag)."));
        return errors;
    }
}
