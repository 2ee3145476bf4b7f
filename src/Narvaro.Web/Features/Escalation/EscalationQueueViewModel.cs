using System.Globalization;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;

namespace Narvaro.Web.Features.Escalation;

/// <summary>The Eskaleringskö page: one page of the queue, the form as typed, and links that keep the filters.</summary>
public sealed class EscalationQueueViewModel(EscalationQueue list, EscalationFilterInputModel input, IReadOnlyList<FilterError> errors)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public EscalationQueue List { get; } = list;
    public EscalationFilterInputModel Input { get; } = input;
    public IReadOnlyList<FilterError> Errors { get; } = errors;

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public int LimitDays => List.InactivityLimitDays;

    public int FirstShown => List.Total == 0 ? 0 : (List.Page - 1) * EscalationQueueService.PageSize + 1;
    public int LastShown => FirstShown + List.Rows.Count - 1;

    /// <summary>The address of this view (the filters in use) at another page.</summary>
    public string Link(int page) => Link(List.Filter, page);

    public static string Link(EscalationFilter filter, int page = 1)
    {
        var parts = new List<string>();
        if (filter.Step is { } step) parts.Add("steg=" + step.ToString(CultureInfo.InvariantCulture));
        if (filter.ClassId is { } classId) parts.Add("klass=" + classId.ToString(CultureInfo.InvariantCulture));
        if (filter.MentorId is { } mentor) parts.Add("mentor=" + Uri.EscapeDataString(mentor));
        if (filter.OverdueOnly) parts.Add("forsenade=ja");
        if (filter.ContinuousInvalidOnly) parts.Add("m=ja");
        if (filter.InactiveDaysAtLeast is { } days) parts.Add("dagar=" + days.ToString(CultureInfo.InvariantCulture));
        if (page > 1) parts.Add("sida=" + page.ToString(CultureInfo.InvariantCulture));
        return "/eskalering" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    public static string StepName(int step) => step == 0 ? "Utan steg (M eller sen ankomst)" : $"Steg {step}";

    public static string StepText(QueueRow row) => row.Step == 0 ? "Utan steg" : $"Steg {row.Step}";

    public static string Percent(double value) => value.ToString("0.0", Swedish) + " %";

    /// <summary>"Ingen åtgärd på 16 dagar"; "Åtgärd i dag" when something was done today.</summary>
    public static string ClockText(QueueRow row) => row.DaysWithoutAction switch
    {
        0 => "Åtgärd i dag",
        1 => "Ingen åtgärd på 1 dag",
        var days => $"Ingen åtgärd på {days} dagar",
    };

    public string FilterSummary
    {
        get
        {
            var f = List.Filter;
            var parts = new List<string>();
            if (f.Step is { } step) parts.Add(StepName(step).ToLower(Swedish));
            if (f.ClassId is { } classId) parts.Add("klass " + List.Classes.FirstOrDefault(c => c.Value == classId.ToString(CultureInfo.InvariantCulture))?.Text);
            if (f.MentorId is { } mentor) parts.Add("mentor " + List.Mentors.FirstOrDefault(m => m.Value == mentor)?.Text);
            if (f.OverdueOnly) parts.Add("bara försenade uppgifter");
            if (f.ContinuousInvalidOnly) parts.Add("bara M");
            if (f.InactiveDaysAtLeast is { } days) parts.Add($"ingen åtgärd på minst {days} dagar");
            return string.Join(", ", parts);
        }
    }
}
