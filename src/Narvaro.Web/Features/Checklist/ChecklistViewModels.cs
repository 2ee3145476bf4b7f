using Narvaro.Access;
using Narvaro.Documents;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Checklist;

/// <summary>The page /elev/{id}/checklista: the facts, the form (mentor) or the latest answers (rector), the versions.</summary>
public sealed record ChecklistPageViewModel(
    int PupilId,
    ChecklistOverview Overview,
    ChecklistInputModel Input,
    DateOnly Today,
    int? SavedVersion,
    bool SavedCompletedTask)
{
    public bool CanEdit => Overview.Access == PupilAccessLevel.Mentor;
    public PupilDocumentHeader Pupil => Overview.Pupil.Header;
    public PeriodFigures Figures => Overview.Pupil.Figures;
    public string PatternText => ChecklistDocument.PatternText(Overview.Pupil.Pattern, Overview.Pupil.Figures);
    public string PdfUrl(int version) => $"/elev/{PupilId}/checklista/{version}.pdf";
    public string BlankPdfUrl => $"/elev/{PupilId}/checklista/blank.pdf";
    /// <summary>The date inputs' upper bound (yyyy-MM-dd).</summary>
    public string Max => DocumentFormat.Date(Today);
}

/// <summary>The rector's list /checklistor.</summary>
public sealed record ChecklistListViewModel(IReadOnlyList<ChecklistListRow> Rows);

/// <summary>Dates and times as the pages show them: "27 nov. 2026", "27 nov. 2026 kl. 14:05" (Swedish time).</summary>
public static class ChecklistDisplay
{
    public static string Date(DateOnly? date) => date is { } d ? ChecklistRules.ShortDate(d) : "–";

    public static string Time(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), SwedishTime.Zone);
        return $"{ChecklistRules.ShortDate(DateOnly.FromDateTime(local))} kl. {local:HH:mm}";
    }

    public static string YesNo(bool? answer) => answer switch { true => "Ja", false => "Nej", null => "Inte ifyllt" };
}
