using Narvaro.Domain;

namespace Narvaro.Web.Features.WeeklyTalks;

/// <summary>What the talk form posts for one pupil. The rules (dates, lengths) are checked by WeeklyTalkService.</summary>
public sealed class WeeklyTalkInputModel
{
    /// <summary>The week the talk is about, "2026-W47".</summary>
    public string? Vecka { get; set; }
    public DateOnly? HeldOn { get; set; }
    public TalkParticipants? WithWhom { get; set; }
    public string? Note { get; set; }
    public string? AgreedActions { get; set; }
    public DateOnly? NextFollowUp { get; set; }
    /// <summary>The version the form was opened on, when editing; a newer saved version refuses the edit.</summary>
    public int? Version { get; set; }
}
