using System.Globalization;
using Narvaro.StudentHealth;

namespace Narvaro.Web.Features.Eht;

/// <summary>/eht: the agenda of the next meeting, then the lists; the meeting form for the rector.</summary>
public sealed class EhtViewModel(EhtOverview overview, MeetingInputModel meeting, string? confirmation)
{
    public EhtOverview Overview { get; } = overview;
    public MeetingInputModel Meeting { get; } = meeting;
    public string? Confirmation { get; } = confirmation;
    public bool IsRector => Overview.School.IsRector;

    public static string Link(int schoolId) => "/eht?skola=" + schoolId.ToString(CultureInfo.InvariantCulture);

    public static string EvaluationLink(int caseId) => "/eht/utvardering/" + caseId.ToString(CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Period(Narvaro.Absence.AbsenceWindow window) =>
        $"{Narvaro.Domain.SwedishDates.Date(window.From)} – {Narvaro.Domain.SwedishDates.Date(window.To)}";

    /// <summary>"upp 4,2 procentenheter", "ned 1,0 procentenheter", "oförändrad".</summary>
    public static string Change(double before, double after)
    {
        var diff = Math.Round(after - before, 1);
        if (diff == 0) return "oförändrad";
        var text = Math.Abs(diff).ToString("0.0", CultureInfo.GetCultureInfo("sv-SE"));
        return diff > 0 ? $"upp {text} procentenheter" : $"ned {text} procentenheter";
    }

    public static IEnumerable<string> Flags(EhtCaseRow row)
    {
        if (row.ContinuousInvalid) yield return "M";
        if (row.LateLevel > 0) yield return "Sen ankomst L" + row.LateLevel.ToString(CultureInfo.InvariantCulture);
        if (row.ConcernRemains) yield return "Oro kvarstår";
    }
}

/// <summary>/eht/utvardering/{caseId}: the case, its figures, the earlier evaluations and the form.</summary>
public sealed class EhtEvaluationViewModel(EhtCasePage page, EvaluationInputModel input, string? confirmation)
{
    public EhtCasePage Page { get; } = page;
    public EvaluationInputModel Input { get; } = input;
    public string? Confirmation { get; } = confirmation;
}
