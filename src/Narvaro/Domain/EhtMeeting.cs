namespace Narvaro.Domain;

/// <summary>A meeting of a school's elevhälsoteam (EHT), set by the rector; S4-EHT evaluations are held at the next one.</summary>
public class EhtMeeting
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    public DateOnly On { get; set; }
    public string? CreatedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAtUtc { get; set; }
}
