namespace Narvaro.Domain;

/// <summary>
/// "Utvärdering av insatser på nästkommande EHT" (S4-EHT): what the team tried, the effect seen in the figures before
/// and after, and the next step. Its texts are elevhälsa notes: only the EHT members and the rector of the school read them.
/// </summary>
public class EhtEvaluation
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    /// <summary>The meeting it was held at, when it was one of the school's set meetings.</summary>
    public int? MeetingId { get; set; }
    public EhtMeeting? Meeting { get; set; }
    public DateOnly On { get; set; }
    public required string Participants { get; set; }
    public required string Tried { get; set; }
    public required string Effect { get; set; }
    public required string NextStep { get; set; }
    /// <summary>Absence % over the period before (since the previous evaluation or the case's opening), as seen at the meeting.</summary>
    public decimal? AbsencePercentBefore { get; set; }
    /// <summary>Absence % since the previous evaluation (or the case's opening) up to the meeting.</summary>
    public decimal? AbsencePercentAfter { get; set; }
    public required string RecordedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime RecordedAtUtc { get; set; }
}
