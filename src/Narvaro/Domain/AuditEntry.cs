namespace Narvaro.Domain;

/// <summary>
/// Who read or changed what (GDPR art. 9 data: every access to a pupil's record is logged). Append-only: the application
/// never updates or deletes an entry and the database refuses it (triggers); each entry carries the hash of the one
/// before it, so a removed or altered entry breaks the chain and shows.
/// </summary>
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
    /// <summary>Lower-case hex SHA-256 of the previous entry (<see cref="Hash"/>); null for the first entry of the chain and entries written before it.</summary>
    public string? PreviousHash { get; set; }
    /// <summary>Lower-case hex SHA-256 over this entry's fields and <see cref="PreviousHash"/>; null for entries written before the chain began.</summary>
    public string? Hash { get; set; }
}
