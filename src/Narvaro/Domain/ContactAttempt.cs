namespace Narvaro.Domain;

/// <summary>How the guardian was contacted.</summary>
public enum ContactMethod
{
    Telefon = 1,
    Sms = 2,
    Epost = 3,
    Mote = 4,
}

/// <summary>
/// Step 1: one attempt to reach the guardian on the first day of invalid absence (task S1-CONTACT, or L1-CONTACT for
/// late arrivals). An attempt that reached the guardian completes the task; one that did not leaves it open.
/// </summary>
public class ContactAttempt
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public CaseTask? Task { get; set; }
    public ContactMethod Method { get; set; }
    /// <summary>When the contact was made, Swedish local time as the mentor gave it.</summary>
    public DateTime At { get; set; }
    public bool Reached { get; set; }
    public string? Note { get; set; }
    public string? UserId { get; set; }
    /// <summary>UTC, when it was recorded.</summary>
    public DateTime RecordedAtUtc { get; set; }
}
