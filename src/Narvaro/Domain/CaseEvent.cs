namespace Narvaro.Domain;

public enum CaseEventKind
{
    Opened = 0,
    StepReached = 1,
    ContinuousInvalidReached = 2,
    LateArrivalsReached = 3,
    TaskDone = 5,
    ConcernRecorded = 6,
    Closed = 7,
    Note = 8,
    TaskAssigned = 9,
    ReportRecorded = 10,
    EhtEvaluation = 11,
    KartlaggningRecorded = 12,
    SstReferral = 13,
}

/// <summary>
/// One line of a case's timeline: what happened, on which date, and who did it (null: the nightly evaluation).
/// Together with the case's tasks (raised on, due, done by whom and when) it is the school's proof that it acted
/// "skyndsamt".
/// </summary>
public class CaseEvent
{
    public long Id { get; set; }
    public int CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    /// <summary>The date the event belongs to (the evaluated D for the nightly job).</summary>
    public DateOnly On { get; set; }
    public DateTime AtUtc { get; set; }
    public CaseEventKind Kind { get; set; }
    public required string Text { get; set; }
    public string? UserId { get; set; }
}
