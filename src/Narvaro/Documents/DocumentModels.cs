namespace Narvaro.Documents;

/// <summary>Who the document is about, as printed at the top of the forms.</summary>
public sealed record PupilDocumentHeader(
    int PupilId,
    string ExternalId,
    string PupilName,
    string ClassName,
    string? MentorName,
    int SchoolId,
    string SchoolName,
    string OrganisationName)
{
    /// <summary>
    /// Metadata and running header of one of the plan's forms (Bilaga 1–3): the title names the pupil, the author is
    /// the school; a blank form (no pupil) is titled with the form's own name and authored by Närvaro.
    /// </summary>
    public static Layout.DocumentInfo FormInfo(PupilDocumentHeader? pupil, string formName, string blankTitle, int bilaga, DateTime created) =>
        new(pupil is null ? blankTitle : $"{formName} – {pupil.PupilName}",
            pupil?.SchoolName ?? "Närvaro",
            created,
            $"Bilaga {bilaga} – Handlingsplan för närvaro",
            pupil?.SchoolName ?? "");
}

/// <summary>The measures over the period the document reports (the rolling window ending with D).</summary>
public sealed record PeriodFigures(
    DateOnly From,
    DateOnly To,
    int SchoolDays,
    double AbsencePercent,
    double InvalidPercent,
    int LateArrivals,
    int WholeDaysAbsent);

/// <summary>Bilaga 1. <see cref="Pupil"/> is null for the blank form.</summary>
public sealed record ChecklistModel(
    PupilDocumentHeader? Pupil,
    PeriodFigures? Figures,
    AbsencePattern? Pattern,
    DateTime Created,
    ChecklistAnswers? Answers = null);

/// <summary>
/// Answers filled in digitally: each question's comment is written on its lines; <see cref="QuestionAnswers"/> (true =
/// Ja, false = Nej, null = not answered) checks the question's box, the talk dates are printed on their lines and
/// <see cref="ContinuedAbsence"/> checks the follow-up's box.
/// </summary>
public sealed record ChecklistAnswers(IReadOnlyList<string?> QuestionComments, string? FollowUpComment = null, string? EhtComment = null)
{
    public IReadOnlyList<bool?> QuestionAnswers { get; init; } = [];
    public DateOnly? TalkWithPupilOn { get; init; }
    public DateOnly? TalkWithGuardianOn { get; init; }
    public bool? ContinuedAbsence { get; init; }

    public bool? AnswerTo(int question) => question < QuestionAnswers.Count ? QuestionAnswers[question] : null;
}

/// <summary>Bilaga 2. <see cref="AreaNotes"/> holds the kurator's notes per conversation area, when written digitally.</summary>
public sealed record KartlaggningModel(PupilDocumentHeader? Pupil, DateTime Created, IReadOnlyList<string?>? AreaNotes = null)
{
    /// <summary>The case's figures, printed on the prefilled form.</summary>
    public PeriodFigures? Figures { get; init; }
    /// <summary>A recorded kartläggning: the day it was done, by which kurator, and the pupil's approval.</summary>
    public DateOnly? DoneOn { get; init; }
    public string? DoneByName { get; init; }
    public DateOnly? PupilConsentOn { get; init; }
    /// <summary>"Version 2" on a recorded one.</summary>
    public int? Version { get; init; }
}

/// <summary>Bilaga 3 with the level the data suggests (1–5; null when there is no data).</summary>
public sealed record AnalysModel(
    PupilDocumentHeader? Pupil,
    PeriodFigures? Figures,
    AbsencePattern? Pattern,
    int? SuggestedLevel,
    DateTime Created);

/// <summary>The monthly list to the skolchef: per school, the pupils above the threshold.</summary>
public sealed record MonthlyReportModel(
    string OrganisationName,
    int Year,
    int Month,
    decimal ThresholdPercent,
    IReadOnlyList<MonthlyReportSchool> Schools,
    DateTime Created);

public sealed record MonthlyReportSchool(string Name, string SchoolUnitCode, IReadOnlyList<MonthlyReportPupil> Pupils);

public sealed record MonthlyReportPupil(
    string ExternalId,
    string Name,
    string ClassName,
    double AbsencePercent,
    double InvalidPercent,
    int LateArrivals,
    int SchoolDays,
    int? Step,
    DateOnly? CaseOpenedOn,
    IReadOnlyList<MonthlyReportAction> Reports);

/// <summary>
/// A report the plan requires (to huvudman, skolchef, socialtjänst, SST) and whether and when it was made;
/// <paramref name="Detail"/> names the recipient and reference of a recorded report.
/// </summary>
public sealed record MonthlyReportAction(string Code, string Label, DateOnly Due, DateOnly? DoneOn, string? Detail = null);
