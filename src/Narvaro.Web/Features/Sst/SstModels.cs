using System.Globalization;
using Narvaro.Domain;
using Narvaro.StudentHealth;

namespace Narvaro.Web.Features.Sst;

/// <summary>
/// What the SST page's forms post; each form sends its own fields (named after <see cref="SstField"/>) and the referral's
/// version it was shown with. Texts, so that a bad value becomes a Swedish message rather than a binding error.
/// </summary>
public sealed class SstInputModel
{
    public string? Version { get; set; }
    public string? GuardianConsentOn { get; set; }
    public string? GuardianConsentMethod { get; set; }
    public string? PupilConsentOn { get; set; }
    public string? PupilConsentMethod { get; set; }
    public string? ReferredOn { get; set; }
    public string? StartedOn { get; set; }
    public string? BoosterMeetingOn { get; set; }
    public string? EndedOn { get; set; }
    public string? ClosingEvaluation { get; set; }
    public string? Outcome { get; set; }

    /// <summary>-1 for a missing or unreadable version: never the current one, so the change is refused as stale.</summary>
    public int VersionNumber => int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryMethod(string? text, out ConsentMethod method) =>
        Enum.TryParse(text, ignoreCase: false, out method) && Enum.IsDefined(method) && !int.TryParse(text, out _);

    public static bool TryOutcome(string? text, out SstOutcome outcome) =>
        Enum.TryParse(text, ignoreCase: false, out outcome) && Enum.IsDefined(outcome) && !int.TryParse(text, out _);
}

/// <summary>The page /arende/{id}/sst.</summary>
public sealed record SstPageViewModel(SstOverview Overview, SstInputModel Input, string? Confirmation)
{
    public string BaseUrl => $"/arende/{Overview.CaseId}/sst";
    public string Today => Overview.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Date(DateOnly? date) => date is { } d ? SwedishDates.Short(d) : "–";

    public static IReadOnlyList<(ConsentMethod Value, string Text)> Methods { get; } =
        [(ConsentMethod.Papper, "På papper"), (ConsentMethod.Post, "Per post"), (ConsentMethod.Elektroniskt, "Elektroniskt (e-legitimation)")];

    public static IReadOnlyList<SstOutcome> Outcomes { get; } = Enum.GetValues<SstOutcome>();

    /// <summary>"Insatsen slutar 3 jun. 2027 – om 28 dagar".</summary>
    public string? ClockText => Overview.EndsOn is { } end && Overview.DaysLeft is { } days
        ? days switch
        {
            > 1 => $"Insatsen slutar {SwedishDates.Short(end)} – om {days} dagar",
            1 => $"Insatsen slutar {SwedishDates.Short(end)} – i morgon",
            0 => $"Insatsen slutar {SwedishDates.Short(end)} – i dag",
            -1 => $"Insatsen skulle ha slutat {SwedishDates.Short(end)} – för 1 dag sedan",
            _ => $"Insatsen skulle ha slutat {SwedishDates.Short(end)} – för {-days} dagar sedan",
        }
        : null;
}
