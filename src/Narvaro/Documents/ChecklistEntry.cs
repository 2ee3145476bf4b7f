using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Narvaro.Domain;

namespace Narvaro.Documents;

/// <summary>
/// Bilaga 1 as the mentor fills it in after the talk with pupil and guardian (step 3): the talk dates, Ja/Nej and a
/// comment per question of <see cref="ChecklistDocument.Questions"/>, and the optional follow-up after a week.
/// </summary>
public sealed record ChecklistEntry(
    DateOnly TalkWithPupilOn,
    DateOnly TalkWithGuardianOn,
    IReadOnlyList<bool> Answers,
    IReadOnlyList<string?> Comments,
    bool? ContinuedAbsence = null,
    string? FollowUpComment = null)
{
    /// <summary>The day the task S3-CHECKLIST was done: the later of the two talks.</summary>
    public DateOnly DoneOn => TalkWithPupilOn > TalkWithGuardianOn ? TalkWithPupilOn : TalkWithGuardianOn;

    /// <summary>What the PDF prints.</summary>
    public ChecklistAnswers ToAnswers() => new(Comments, FollowUpComment)
    {
        QuestionAnswers = Answers.Select(a => (bool?)a).ToList(),
        TalkWithPupilOn = TalkWithPupilOn,
        TalkWithGuardianOn = TalkWithGuardianOn,
        ContinuedAbsence = ContinuedAbsence,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Å, ä and ö stay readable in the database.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public const int JsonVersion = 1;

    /// <summary>
    /// The JSON stored in <c>Checklists.AnswersJson</c> (the talk dates have their own columns):
    /// <c>{"v":1,"questions":[{"question":"1. Sjukdom?","answer":"ja","comment":"…"},… five …],
    /// "followUp":{"continuedAbsence":"nej"|null,"comment":"…"|null}}</c>. The question text is kept so a version
    /// reads the same if the form's wording ever changes.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(new StoredAnswers(
        JsonVersion,
        Answers.Select((a, i) => new StoredQuestion(ChecklistDocument.Questions[i], YesNoWord(a), Comments[i])).ToList(),
        new StoredFollowUp(ContinuedAbsence is { } c ? YesNoWord(c) : null, FollowUpComment)), Json);

    public static ChecklistEntry FromStored(DateOnly? talkWithPupilOn, DateOnly? talkWithGuardianOn, string json)
    {
        var stored = JsonSerializer.Deserialize<StoredAnswers>(json, Json)
            ?? throw new InvalidDataException("The checklist's answers are empty.");
        if (stored.V != JsonVersion)
            throw new InvalidDataException($"The checklist's answers are in format version {stored.V}; this version reads {JsonVersion}.");
        return new ChecklistEntry(
            talkWithPupilOn ?? default, talkWithGuardianOn ?? default,
            stored.Questions.Select(q => q.Answer == "ja").ToList(),
            stored.Questions.Select(q => q.Comment).ToList(),
            stored.FollowUp?.ContinuedAbsence is { } c ? c == "ja" : null,
            stored.FollowUp?.Comment);
    }

    private static string YesNoWord(bool yes) => yes ? "ja" : "nej";

    private sealed record StoredAnswers(int V, List<StoredQuestion> Questions, StoredFollowUp? FollowUp);
    private sealed record StoredQuestion(string Question, string Answer, string? Comment);
    private sealed record StoredFollowUp(string? ContinuedAbsence, string? Comment);
}

/// <summary>The checklist form as posted: text as typed, before it is checked.</summary>
public sealed record ChecklistSubmission(
    string? TalkWithPupilOn,
    string? TalkWithGuardianOn,
    IReadOnlyList<string?> Answers,
    IReadOnlyList<string?> Comments,
    string? ContinuedAbsence,
    string? FollowUpComment);

/// <summary>A message for one field of the form (Swedish, saying how to fix it).</summary>
public sealed record ChecklistError(string Field, string Message);

/// <summary>
/// What a saved checklist needs (step 3, Bilaga 1): both talk dates, not in the future; Ja or Nej to each of the five
/// questions; comments of at most <see cref="MaxCommentLength"/> characters. The follow-up after a week is optional.
/// Field names are those of the web form.
/// </summary>
public static class ChecklistRules
{
    public const int MaxCommentLength = 2000;

    public const string TalkWithPupilField = "TalkWithPupilOn";
    public const string TalkWithGuardianField = "TalkWithGuardianOn";
    public const string ContinuedAbsenceField = "ContinuedAbsence";
    public const string FollowUpCommentField = "FollowUpComment";
    public static string AnswerField(int question) => $"Answer{question + 1}";
    public static string CommentField(int question) => $"Comment{question + 1}";

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>"27 nov. 2026", as the pages show dates.</summary>
    public static string ShortDate(DateOnly date) => SwedishDates.Short(date);

    public static IReadOnlyList<ChecklistError> Validate(ChecklistSubmission form, DateOnly today, out ChecklistEntry? entry)
    {
        var errors = new List<ChecklistError>();
        var pupilTalk = TalkDate(form.TalkWithPupilOn, TalkWithPupilField, "samtalet med eleven", today, errors);
        var guardianTalk = TalkDate(form.TalkWithGuardianOn, TalkWithGuardianField, "samtalet med vårdnadshavare", today, errors);

        var answers = new List<bool>();
        var comments = new List<string?>();
        for (var i = 0; i < ChecklistDocument.Questions.Count; i++)
        {
            var answer = YesNo(i < form.Answers.Count ? form.Answers[i] : null);
            if (answer is null)
                errors.Add(new ChecklistError(AnswerField(i), $"Välj Ja eller Nej för fråga {ChecklistDocument.Questions[i]}"));
            answers.Add(answer ?? false);
            comments.Add(Comment(i < form.Comments.Count ? form.Comments[i] : null, CommentField(i), $"Kommentaren till fråga {i + 1}", errors));
        }
        var continued = YesNo(form.ContinuedAbsence);
        var followUp = Comment(form.FollowUpComment, FollowUpCommentField, "Kommentaren till uppföljningen", errors);

        entry = errors.Count == 0 ? new ChecklistEntry(pupilTalk!.Value, guardianTalk!.Value, answers, comments, continued, followUp) : null;
        return errors;
    }

    private static DateOnly? TalkDate(string? text, string field, string talk, DateOnly today, List<ChecklistError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ChecklistError(field, $"Ange datum för {talk}, till exempel {DocumentFormat.Date(today)}."));
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new ChecklistError(field, $"Datum för {talk} måste vara ett riktigt datum som ÅÅÅÅ-MM-DD, till exempel {DocumentFormat.Date(today)}."));
            return null;
        }
        if (date > today)
        {
            errors.Add(new ChecklistError(field, $"Datum för {talk} kan inte vara senare än i dag ({ShortDate(today)}). Ange dagen då samtalet hölls."));
            return null;
        }
        return date;
    }

    private static bool? YesNo(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "ja" => true,
        "nej" => false,
        _ => null,
    };

    private static string? Comment(string? text, string field, string what, List<ChecklistError> errors)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");
        if (trimmed is { Length: > MaxCommentLength })
            errors.Add(new ChecklistError(field,
                $"{what} får vara högst {MaxCommentLength.ToString("N0", Swedish)} tecken. Korta den med {(trimmed.Length - MaxCommentLength).ToString("N0", Swedish)} tecken."));
        return trimmed;
    }
}
