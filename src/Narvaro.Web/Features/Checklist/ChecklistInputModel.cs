using Narvaro.Documents;

namespace Narvaro.Web.Features.Checklist;

/// <summary>
/// The checklist form as posted. One property per question (Answer1…Answer5, Comment1…Comment5), so an unanswered
/// radio group leaves a gap that the rules report instead of a list that stops binding at the gap.
/// Checked by <see cref="ChecklistRules"/> in the core.
/// </summary>
public sealed class ChecklistInputModel
{
    /// <summary>The last day of the figures' window the form was shown with (yyyy-MM-dd).</summary>
    public string? AsOf { get; set; }
    public string? TalkWithPupilOn { get; set; }
    public string? TalkWithGuardianOn { get; set; }
    public string? Answer1 { get; set; }
    public string? Answer2 { get; set; }
    public string? Answer3 { get; set; }
    public string? Answer4 { get; set; }
    public string? Answer5 { get; set; }
    public string? Comment1 { get; set; }
    public string? Comment2 { get; set; }
    public string? Comment3 { get; set; }
    public string? Comment4 { get; set; }
    public string? Comment5 { get; set; }
    public string? ContinuedAbsence { get; set; }
    public string? FollowUpComment { get; set; }

    public IReadOnlyList<string?> Answers => [Answer1, Answer2, Answer3, Answer4, Answer5];
    public IReadOnlyList<string?> Comments => [Comment1, Comment2, Comment3, Comment4, Comment5];

    public ChecklistSubmission ToSubmission() =>
        new(TalkWithPupilOn, TalkWithGuardianOn, Answers, Comments, ContinuedAbsence, FollowUpComment);

    /// <summary>The form prefilled with a saved version (or empty).</summary>
    public static ChecklistInputModel From(ChecklistEntry? entry, DateOnly asOf)
    {
        var input = new ChecklistInputModel { AsOf = DocumentFormat.Date(asOf) };
        if (entry is null) return input;
        string Word(bool yes) => yes ? "ja" : "nej";
        input.TalkWithPupilOn = DocumentFormat.Date(entry.TalkWithPupilOn);
        input.TalkWithGuardianOn = DocumentFormat.Date(entry.TalkWithGuardianOn);
        (input.Answer1, input.Answer2, input.Answer3, input.Answer4, input.Answer5) =
            (Word(entry.Answers[0]), Word(entry.Answers[1]), Word(entry.Answers[2]), Word(entry.Answers[3]), Word(entry.Answers[4]));
        (input.Comment1, input.Comment2, input.Comment3, input.Comment4, input.Comment5) =
            (entry.Comments[0], entry.Comments[1], entry.Comments[2], entry.Comments[3], entry.Comments[4]);
        input.ContinuedAbsence = entry.ContinuedAbsence is { } c ? Word(c) : null;
        input.FollowUpComment = entry.FollowUpComment;
        return input;
    }
}
