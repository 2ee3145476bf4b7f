namespace Narvaro.Domain;

/// <summary>
/// One daily e-mail digest sent to a member of staff (new and overdue tasks, names and links only). Unique per (user,
/// day), so the job run twice, or on two nodes, sends nobody two digests.
/// </summary>
public class DigestDelivery
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public DateOnly On { get; set; }
    public int TaskCount { get; set; }
    /// <summary>UTC.</summary>
    public DateTime SentAtUtc { get; set; }
}
