namespace Narvaro.Domain;

/// <summary>Step 2: the mentor logs the weekly talk with a mentee about the previous week's absence.</summary>
public class WeeklyTalk
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    /// <summary>Monday of the week the talk belongs to.</summary>
    public DateOnly WeekStart { get; set; }
    public DateOnly HeldOn { get; set; }
    public string? Note { get; set; }
    public string? MentorUserId { get; set; }
}
