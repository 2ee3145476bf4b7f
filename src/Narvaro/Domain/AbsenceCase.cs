namespace Narvaro.Domain;

/// <summary>
/// A pupil's ärende in the staircase. At most one is open per pupil (enforced by a filtered unique index).
/// Step is 0 (opened by M or L1 alone), 3, 4 or 5 and never goes down by itself.
/// </summary>
public class AbsenceCase
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public DateOnly OpenedOn { get; set; }
    public int Step { get; set; }
    /// <summary>M has triggered: continuous invalid absence of more than two weeks.</summary>
    public bool ContinuousInvalid { get; set; }
    /// <summary>0, 1 (L1) or 2 (L2).</summary>
    public int LateLevel { get; set; }
    /// <summary>Step 7 recorded by the rector.</summary>
    public bool ConcernRemains { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string? ClosedByUserId { get; set; }
    public string? ClosingNote { get; set; }
    /// <summary>Why the case was closed although a mandatory report (M, S5, S4-HUVUDMAN) was not recorded; kept.</summary>
    public string? ClosingReason { get; set; }
    /// <summary>
    /// Optimistic concurrency: every change staff make to the case (assign, report, step 7, close, SST) raises it, so of
    /// two rectors editing the same version one is told the case changed and loses nothing.
    /// </summary>
    public int Version { get; set; }
    public List<CaseTask> Tasks { get; set; } = [];
    public List<CaseEvent> Events { get; set; } = [];

    public bool IsOpen => ClosedOn is null;
}
