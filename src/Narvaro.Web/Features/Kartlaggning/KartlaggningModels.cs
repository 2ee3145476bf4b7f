using Narvaro.Domain;
using Narvaro.StudentHealth;

namespace Narvaro.Web.Features.Kartlaggning;

/// <summary>The kartläggning form as posted; checked by <see cref="KartlaggningService.Validate"/> in the core.</summary>
public sealed class KartlaggningInputModel
{
    public string? DoneOn { get; set; }
    public string? DoneByUserId { get; set; }
    public string? Answer1 { get; set; }
    public string? Answer2 { get; set; }
    public string? Answer3 { get; set; }
    public string? Answer4 { get; set; }
    /// <summary>"true" when the box is checked.</summary>
    public string? PupilConsent { get; set; }
    public string? PupilConsentOn { get; set; }
    /// <summary>The latest version the form was shown with (0: none).</summary>
    public string? BasedOnVersion { get; set; }

    public IReadOnlyList<string?> Answers => [Answer1, Answer2, Answer3, Answer4];

    public bool ConsentChecked => string.Equals(PupilConsent, "true", StringComparison.OrdinalIgnoreCase);

    public KartlaggningSubmission ToSubmission() =>
        new(DoneOn, DoneByUserId, Answers, ConsentChecked, PupilConsentOn, int.TryParse(BasedOnVersion, out var v) ? v : -1);

    /// <summary>The form prefilled with the latest answers (a new version edits them), today's date and the kurator.</summary>
    public static KartlaggningInputModel For(KartlaggningOverview overview, string userId)
    {
        var answers = overview.LatestAnswers;
        return new KartlaggningInputModel
        {
            DoneOn = overview.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DoneByUserId = overview.Kurators.Any(k => k.UserId == userId) || overview.Kurators.Count == 0 ? userId : overview.Kurators[0].UserId,
            Answer1 = answers.ElementAtOrDefault(0), Answer2 = answers.ElementAtOrDefault(1),
            Answer3 = answers.ElementAtOrDefault(2), Answer4 = answers.ElementAtOrDefault(3),
            BasedOnVersion = overview.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>The page /arende/{id}/kartlaggning.</summary>
public sealed record KartlaggningPageViewModel(
    KartlaggningOverview Overview,
    KartlaggningInputModel Input,
    string UserId,
    string UserName,
    int? SavedVersion,
    bool SavedCompletedTask)
{
    public string BaseUrl => $"/arende/{Overview.CaseId}/kartlaggning";
    public string PdfUrl(int version) => $"{BaseUrl}/{version}.pdf";
    public string BlankPdfUrl => $"{BaseUrl}/blank.pdf";
    public string PrefilledPdfUrl => $"{BaseUrl}/ifylld.pdf";
    public string Max => Overview.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The school's kurators, and the signed-in user when not one of them (they may record it as done by themselves).</summary>
    public IReadOnlyList<KartlaggningKurator> DoneByChoices =>
        Overview.Kurators.Any(k => k.UserId == UserId) ? Overview.Kurators : [.. Overview.Kurators, new KartlaggningKurator(UserId, UserName)];

    public static string Date(DateOnly? date) => date is { } d ? SwedishDates.Short(d) : "–";
}
