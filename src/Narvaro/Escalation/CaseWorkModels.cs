using Narvaro.Access;
using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>The case page (/arende/{id}) as the signed-in member of staff may see it (<see cref="CaseAccess"/>).</summary>
public sealed record CasePage(
    int CaseId,
    int Version,
    CaseAccessLevel Access,
    PolicyKind PolicyKind,
    int PupilId,
    string PupilName,
    string ClassName,
    string SchoolName,
    string? MentorName,
    bool MayReadPupil,
    int Step,
    string PositionName,
    bool ContinuousInvalid,
    bool ConcernRemains,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    string? ClosingNote,
    string? ClosingReason,
    IReadOnlyList<string> Flags,
    double? AbsencePercent,
    double? InvalidPercent,
    DateOnly? WindowFrom,
    DateOnly? WindowTo,
    IReadOnlyList<CaseStepTasks> Steps,
    IReadOnlyList<CaseReportLine> Reports,
    IReadOnlyList<CaseTimelineEntry> Timeline,
    IReadOnlyList<CaseReportKind> MissingReports,
    bool KartlaggningDone,
    DateOnly Today)
{
    public bool IsOpen => ClosedOn is null;
    public bool IsRector => Access == CaseAccessLevel.Rector;
    public bool ReadsSecrets => Access.ReadsSecrets();
    /// <summary>Bilaga 2 (/arende/{id}/kartlaggning): rector and EHT from step 4.</summary>
    public bool ShowsKartlaggningLink => ReadsSecrets && Step >= CaseAccess.StudentHealthFromStep;
    /// <summary>Skolsociala teamet (/arende/{id}/sst): the rector at step 5.</summary>
    public bool ShowsSstLink => IsRector && Step >= 5;
    public bool CanRecordConcern => IsRector && IsOpen && !ConcernRemains;
    public IEnumerable<CaseTaskLine> AllTasks => Steps.SelectMany(s => s.Tasks);
}

/// <summary>The tasks of one step of the plan (or of M, sen ankomst, step 7), in the plan's order.</summary>
public sealed record CaseStepTasks(string StepKey, string Heading, IReadOnlyList<CaseTaskLine> Tasks);

public sealed record StaffOption(string UserId, string Name);

public sealed record CaseTaskLine(
    int TaskId,
    string Code,
    string Title,
    string RoleName,
    string? AssigneeName,
    DateOnly RaisedOn,
    DateOnly Due,
    bool Done,
    DateOnly? DoneOn,
    string? DoneBy,
    DateTime? DoneAtUtc,
    string? Note,
    bool Overdue,
    bool CanComplete,
    IReadOnlyList<StaffOption> FittingStaff,
    string? AssigneeUserId);

public sealed record CaseReportLine(int Id, CaseReportKind Kind, string KindName, DateOnly ReportedOn, string Recipient, string? Reference,
    string? RecordedBy);

public enum CaseTimelineKind
{
    Event,
    Task,
    Report,
}

public sealed record CaseTimelineEntry(DateOnly On, DateTime AtUtc, CaseTimelineKind Kind, string Text, string? By);

/// <summary>The fields of the case page's forms a <see cref="CaseWorkException"/> can point at.</summary>
public enum CaseWorkField
{
    None,
    Assignee,
    DoneOn,
    Note,
    ReportKind,
    ReportedOn,
    Recipient,
    Reference,
    ClosingNote,
    ClosingReason,
}

/// <summary>A change to a case that cannot be made; the message is for staff, in Swedish, and says how to fix it.</summary>
public class CaseWorkException(string message, CaseWorkField field = CaseWorkField.None) : Exception(message)
{
    public CaseWorkField Field { get; } = field;
}

/// <summary>The case changed since the page was loaded (<see cref="AbsenceCase.Version"/>); nothing was saved.</summary>
public sealed class StaleCaseException() : CaseWorkException(Text)
{
    public const string Text =
        "Ärendet har ändrats av någon annan sedan du öppnade sidan. Din ändring är inte sparad. Sidan visar nu ärendet som det är – gör ändringen igen om den fortfarande behövs.";
}

/// <summary>A report as the rector records it.</summary>
public sealed record ReportInput(CaseReportKind Kind, DateOnly ReportedOn, string? Recipient, string? Reference);
