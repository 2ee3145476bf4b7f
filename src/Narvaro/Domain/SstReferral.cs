namespace Narvaro.Domain;

/// <summary>How a written consent was given.</summary>
public enum ConsentMethod
{
    /// <summary>Signed on paper at a meeting.</summary>
    Papper = 1,
    /// <summary>Signed and sent by post.</summary>
    Post = 2,
    /// <summary>Signed electronically (e-legitimation).</summary>
    Elektroniskt = 3,
}

/// <summary>How an SST intervention ended.</summary>
public enum SstOutcome
{
    /// <summary>The plan's goals were reached.</summary>
    MalUppnatt = 1,
    /// <summary>Partly reached.</summary>
    DelvisUppnatt = 2,
    /// <summary>Not reached.</summary>
    EjUppnatt = 3,
    /// <summary>The family ended it (the intervention is voluntary).</summary>
    AvbrutetAvFamiljen = 4,
    /// <summary>The pupil moved.</summary>
    Flyttat = 5,
}

/// <summary>
/// Step 5, the rector's referral to skolsociala teamet (SST). SST is voluntary and needs written consent from the
/// guardian(s) AND the pupil, so the referral can only be sent when both are recorded. The start date starts the
/// intervention's six-month clock; a booster meeting may be booked after it ends; a closing evaluation and its outcome
/// feed the yearly group-level follow-up for the nämnd. One per case.
/// </summary>
public class SstReferral
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    public DateOnly? GuardianConsentOn { get; set; }
    public ConsentMethod? GuardianConsentMethod { get; set; }
    public string? GuardianConsentRecordedByUserId { get; set; }
    public DateOnly? PupilConsentOn { get; set; }
    public ConsentMethod? PupilConsentMethod { get; set; }
    public string? PupilConsentRecordedByUserId { get; set; }
    /// <summary>The day the referral was sent to the SST coordinators; only with both consents.</summary>
    public DateOnly? ReferredOn { get; set; }
    public string? ReferredByUserId { get; set; }
    /// <summary>Start of the intervention: starts the six-month clock.</summary>
    public DateOnly? StartedOn { get; set; }
    public DateOnly? BoosterMeetingOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? ClosingEvaluation { get; set; }
    public SstOutcome? Outcome { get; set; }
    /// <summary>Optimistic concurrency, raised by every change.</summary>
    public int Version { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAtUtc { get; set; }
    public string? CreatedByUserId { get; set; }
}
