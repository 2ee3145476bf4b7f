namespace Narvaro.Domain;

/// <summary>Who the mentor held the weekly talk with.</summary>
public enum TalkParticipants
{
    Elev = 1,
    Vardnadshavare = 2,
    Bada = 3,
}

/// <summary>
/// Step 2: the mentor logs the weekly talk with a mentee about the previous week's absence. One per pupil and week;
/// editing keeps the earlier version in <see cref="WeeklyTalkVersion"/>.
/// </summary>
public class WeeklyTalk
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    /// <summary>Monday of the week the talk is about (the week with the absence).</summary>
    public DateOnly WeekStart { get; set; }
    public DateOnly HeldOn { get; set; }
    public TalkParticipants? WithWhom { get; set; }
    /// <summary>What was said.</summary>
    public string? Note { get; set; }
    public string? AgreedActions { get; set; }
    public DateOnly? NextFollowUp { get; set; }
    public string? MentorUserId { get; set; }
    /// <summary>1 for the first logging; one more for each edit.</summary>
    public int Version { get; set; } = 1;
    /// <summary>UTC, when this version was saved.</summary>
    public DateTime? LoggedAtUtc { get; set; }
    public List<WeeklyTalkVersion> EarlierVersions { get; set; } = [];
}

/// <summary>An earlier version of a weekly talk, kept when the talk was edited (who saved it, when).</summary>
public class WeeklyTalkVersion
{
    public int Id { get; set; }
    public int WeeklyTalkId { get; set; }
    public WeeklyTalk? Talk { get; set; }
    public int Version { get; set; }
    public DateOnly HeldOn { get; set; }
    public TalkParticipants? WithWhom { get; set; }
    public string? Note { get; set; }
    public string? AgreedActions { get; set; }
    public DateOnly? NextFollowUp { get; set; }
    public string? SavedByUserId { get; set; }
    /// <summary>UTC, when this version had been saved.</summary>
    public DateTime? SavedAtUtc { get; set; }
}
