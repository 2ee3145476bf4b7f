namespace Narvaro.Domain;

/// <summary>
/// Bilaga 1 filled in in the browser: the mentor's answers from the talk with pupil and guardian (step 3). Each save
/// adds a version; the PDF is rendered from the record when opened. The rector of the school reads it ("kopia till
/// rektor").
/// </summary>
public class ChecklistRecord
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public int? CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    /// <summary>1, 2, … per pupil.</summary>
    public int Version { get; set; }
    public DateOnly? TalkWithPupilOn { get; set; }
    public DateOnly? TalkWithGuardianOn { get; set; }
    /// <summary>The answers as JSON (yes/no and comment per question, the follow-up), versioned by <see cref="Version"/>.</summary>
    public required string AnswersJson { get; set; }
    /// <summary>The last day of the figures' window the form was filled in with.</summary>
    public DateOnly AsOf { get; set; }
    public string? RecordedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime RecordedAtUtc { get; set; }
}
