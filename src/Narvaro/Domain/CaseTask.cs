namespace Narvaro.Domain;

public enum CaseTaskStatus
{
    Open = 0,
    Done = 1,
}

/// <summary>
/// A task raised by the staircase. Case tasks are unique per (case, code); the step-1 day task S1-CONTACT has no
/// case and is unique per (pupil, code, date raised). Both keys are enforced by the database.
/// </summary>
public class CaseTask
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public int? CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    public required string Code { get; set; }
    /// <summary>The <see cref="Escalation.TaskRole"/> name.</summary>
    public required string Role { get; set; }
    public DateOnly RaisedOn { get; set; }
    public DateOnly Due { get; set; }
    public CaseTaskStatus Status { get; set; }
    public DateTime? DoneAtUtc { get; set; }
    /// <summary>The date the member of staff says the task was done (may be before the day it was recorded).</summary>
    public DateOnly? DoneOn { get; set; }
    public List<ContactAttempt> ContactAttempts { get; set; } = [];
    public string? DoneByUserId { get; set; }
    public string? Note { get; set; }
    /// <summary>
    /// The named member of staff the rector gave the task to (<see cref="Escalation.Rules.TaskAssigneeRule"/>); null: it
    /// belongs to whoever holds its role (<see cref="Escalation.TaskOwnership"/>).
    /// </summary>
    public string? AssigneeUserId { get; set; }
    public string? AssignedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime? AssignedAtUtc { get; set; }
}
