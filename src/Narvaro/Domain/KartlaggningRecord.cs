namespace Narvaro.Domain;

/// <summary>
/// Bilaga 2, the skolsocial kartläggning, recorded as done: when, by whom, the answers per area and whether the pupil
/// approved that it is given to the rector and read at the EHT. The answers are elevhälsa secrets: only the EHT members
/// and the rector of the school read them; the mentor sees that it was done. Each save adds a version.
/// </summary>
public class KartlaggningRecord
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    /// <summary>1, 2, … per case.</summary>
    public int Version { get; set; }
    /// <summary>The day the kurator's conversation with the pupil was held.</summary>
    public DateOnly DoneOn { get; set; }
    /// <summary>The kurator who held it.</summary>
    public required string DoneByUserId { get; set; }
    /// <summary>The answers as JSON: one text per area of the form, in the form's order.</summary>
    public required string AnswersJson { get; set; }
    /// <summary>"Har tagit del av kartläggningen och godkänner att den lämnas till rektor."</summary>
    public bool PupilConsent { get; set; }
    public DateOnly? PupilConsentOn { get; set; }
    public required string RecordedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime RecordedAtUtc { get; set; }
}
