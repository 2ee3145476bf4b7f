using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.Escalation;

/// <summary>One filter field's problem: the field's id (for the error summary's link) and the Swedish message.</summary>
public sealed record FilterError(string Field, string Message);

/// <summary>
/// The queue's GET form as typed in the address bar: every value is read as text and parsed here, so a bad value
/// gives a Swedish message at its field instead of a model-binding error.
/// </summary>
public sealed class EscalationFilterInputModel
{
    public const int MaxInactiveDays = 365;

    [FromQuery(Name = "steg")] public string? Step { get; set; }
    [FromQuery(Name = "klass")] public string? Class { get; set; }
    [FromQuery(Name = "mentor")] public string? Mentor { get; set; }
    [FromQuery(Name = "forsenade")] public string? OverdueOnly { get; set; }
    [FromQuery(Name = "m")] public string? ContinuousInvalidOnly { get; set; }
    [FromQuery(Name = "dagar")] public string? InactiveDays { get; set; }
    [FromQuery(Name = "sida")] public string? Page { get; set; }

    public sealed record Parsed(EscalationFilter Filter, int Page, IReadOnlyList<FilterError> Errors);

    public Parsed Parse()
    {
        var errors = new List<FilterError>();
        int? step = null;
        if (!string.IsNullOrWhiteSpace(Step))
        {
            if (int.TryParse(Step, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && EscalationFilter.Steps.Contains(s)) step = s;
            else errors.Add(new("steg", "Steget finns inte. Välj steg 3, 4, 5 eller ärenden utan steg i listan."));
        }
        int? classId = null;
        if (!string.IsNullOrWhiteSpace(Class))
        {
            if (int.TryParse(Class, NumberStyles.None, CultureInfo.InvariantCulture, out var c)) classId = c;
            else errors.Add(new("klass", ClassMessage));
        }
        var mentor = string.IsNullOrWhiteSpace(Mentor) ? null : Mentor.Trim();
        var overdue = Checkbox(OverdueOnly, "forsenade", errors);
        var continuous = Checkbox(ContinuousInvalidOnly, "m", errors);
        int? days = null;
        if (!string.IsNullOrWhiteSpace(InactiveDays))
        {
            if (int.TryParse(InactiveDays.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= MaxInactiveDays) days = d;
            else errors.Add(new("dagar", $"Ange antal dagar som ett heltal mellan 0 och {MaxInactiveDays}, till exempel {Narvaro.Escalation.Rules.InactivityRule.LimitDays}."));
        }
        var page = int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return new Parsed(new EscalationFilter(step, classId, mentor, overdue, continuous, days), page, errors);
    }

    public const string ClassMessage = "Klassen finns inte på din skola. Välj en klass i listan.";
    public const string MentorMessage = "Mentorn har inga öppna ärenden på din skola. Välj en mentor i listan.";

    /// <summary>Values that parsed but name no class of the rector's schools or no mentor of their cases.</summary>
    public static IEnumerable<FilterError> UnknownOptionErrors(EscalationQueue list)
    {
        if (list.UnknownClass) yield return new("klass", ClassMessage);
        if (list.UnknownMentor) yield return new("mentor", MentorMessage);
    }

    private static bool Checkbox(string? value, string field, List<FilterError> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (value is "ja" or "true" or "on") return true;
        errors.Add(new(field, "Rutan kan bara vara ikryssad eller inte. Kryssa i eller ur den och filtrera igen."));
        return false;
    }
}
