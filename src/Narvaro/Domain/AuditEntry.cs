namespace Narvaro.Domain;

/// <summary>Who read or changed what (GDPR art. 9 data: every access to a pupil's record is logged).</summary>
public class AuditEntry
{
    public long Id { get; set; }
    /// <summary>UTC.</summary>
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string Action { get; set; }
    public int? PupilId { get; set; }
    public int? SchoolId { get; set; }
    public string? Details { get; set; }
}
