using Narvaro.Absence;
using Narvaro.Escalation.Rules;

namespace Narvaro.StudentHealth;

/// <summary>A school where the user sits in the EHT (an elevhälsa role) or leads it (rektor).</summary>
public sealed record EhtSchool(int Id, string Name, bool IsRector);

/// <summary>Absence % and ogiltig % over the period before and the period since the last evaluation (or the case's opening).</summary>
public sealed record EhtFigures(EhtPeriods Periods, AbsenceMeasures Before, AbsenceMeasures After)
{
    public double AbsenceChange => After.AbsencePercent - Before.AbsencePercent;
}

public sealed record EhtTaskRow(int TaskId, string Code, string Label, string RoleName, DateOnly Due, bool Overdue, string? AssigneeName);

public sealed record EhtCaseRow(
    int CaseId,
    int PupilId,
    string PupilName,
    string ClassName,
    int Step,
    bool ContinuousInvalid,
    int LateLevel,
    bool ConcernRemains,
    DateOnly OpenedOn,
    DateOnly? LastEvaluationOn,
    IReadOnlyList<EhtTaskRow> OpenHealthTasks);

public sealed record EhtAgendaRow(EhtCaseRow Case, EhtTaskRow Evaluation, EhtFigures? Figures);

public sealed record KartlaggningCommissioned(int CaseId, string PupilName, string ClassName, DateOnly RaisedOn, DateOnly Due, bool Overdue, string? AssigneeName);

/// <summary>A kartläggning done (latest version): when, by whom and whether the pupil approved that it is read at the EHT — never its answers.</summary>
public sealed record KartlaggningDone(int CaseId, string PupilName, string ClassName, int Version, DateOnly DoneOn, string DoneBy, bool PupilConsent);

public sealed record EhtMeetingRow(int Id, DateOnly On, bool HasEvaluations);

/// <summary>Everything /eht shows for one school: the next meeting's agenda first, then the lists.</summary>
public sealed record EhtOverview(
    DateOnly Today,
    EhtSchool School,
    IReadOnlyList<EhtSchool> Schools,
    DateOnly? NextMeeting,
    IReadOnlyList<EhtMeetingRow> UpcomingMeetings,
    IReadOnlyList<EhtAgendaRow> Agenda,
    IReadOnlyList<EhtCaseRow> Cases,
    IReadOnlyList<KartlaggningCommissioned> Commissioned,
    IReadOnlyList<KartlaggningDone> Done,
    DateOnly? LastMeeting)
{
    /// <summary>"Kartläggningen kommer att delges på nästa EHT": those done since the last meeting held (all when none was).</summary>
    public IReadOnlyList<KartlaggningDone> ToShare => Done.Where(k => LastMeeting is not { } last || k.DoneOn > last).ToList();
}

public sealed record EhtEvaluationRow(int Id, DateOnly On, bool AtMeeting, string Participants, string Tried, string Effect, string NextStep,
    decimal? AbsencePercentBefore, decimal? AbsencePercentAfter, string RecordedBy);

/// <summary>The evaluation page of one case: the case, its figures, its open S4-EHT task, the earlier evaluations.</summary>
public sealed record EhtCasePage(
    DateOnly Today,
    EhtCaseRow Case,
    int SchoolId,
    string SchoolName,
    int Version,
    bool IsOpen,
    EhtTaskRow? EvaluationTask,
    EhtFigures? Figures,
    DateOnly? NextMeeting,
    IReadOnlyList<EhtEvaluationRow> Evaluations)
{
    /// <summary>Why an evaluation cannot be recorded now (closed case, step below 4); null when it can.</summary>
    public string? RefusalReason => EhtService.RefusalReason(IsOpen, Case.Step);
}

/// <summary>What an EHT evaluation records.</summary>
public sealed record EhtEvaluationInput(DateOnly On, string? Participants, string? Tried, string? Effect, string? NextStep, int Version);

/// <summary>The fields of the evaluation and meeting forms an <see cref="EhtActionException"/> can point at.</summary>
public enum EhtField
{
    On,
    Participants,
    Tried,
    Effect,
    NextStep,
    MeetingDate,
}

/// <summary>An EHT action that cannot be done; the message is for staff, in Swedish, and names the field at fault if any.</summary>
public sealed class EhtActionException(string message, EhtField? field = null) : Exception(message)
{
    public EhtField? Field { get; } = field;
}
