namespace Narvaro.Domain;

/// <summary>
/// One change of a huvudman's policy (thresholds, window, late arrivals, task roles and due days, …): who, when, what
/// it was and what it became. Kept for ever; the change takes effect from the next evaluation.
/// </summary>
public class PolicyChange
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public required string ChangedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime ChangedAtUtc { get; set; }
    /// <summary>The first evaluated day the new policy applies to.</summary>
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>A Swedish line per changed setting ("Gräns för steg 3: 10 % → 12 %").</summary>
    public required string Summary { get; set; }
    public required string BeforeJson { get; set; }
    public required string AfterJson { get; set; }
}
