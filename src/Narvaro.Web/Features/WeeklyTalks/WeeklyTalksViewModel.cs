using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.WeeklyTalks;

/// <summary>The week's page: the mentees with absence, a form per pupil, the history, and any notice or errors.</summary>
public sealed class WeeklyTalksViewModel
{
    public required IsoWeek Week { get; init; }
    public WeeklyTalkWeek? List { get; init; }
    /// <summary>Text in the week picker (what was typed, when it could not be read).</summary>
    public required string WeekText { get; init; }
    public string? WeekError { get; init; }
    public string? Notice { get; init; }
    /// <summary>The pupil whose form holds posted values (after an error) or is opened for editing.</summary>
    public int? FormPupilId { get; init; }
    public WeeklyTalkInputModel? Posted { get; init; }
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
    public required DateOnly Today { get; init; }

    public string Heading => $"Veckosamtal vecka {Week.Week}";
    public IsoWeek CurrentWeek => IsoWeek.Of(Today);
    public bool HasNextWeek => Week.Monday < CurrentWeek.Monday;

    public string FieldId(int pupilId, string field) => $"p{pupilId}-{field}";

    public IEnumerable<string> ErrorsFor(int pupilId, string field) =>
        FormPupilId == pupilId ? Errors.Where(e => e.Field == field).Select(e => e.Message) : [];

    /// <summary>The values a pupil's form shows: what was posted, else the logged talk when editing, else empty.</summary>
    public WeeklyTalkInputModel FormValues(WeeklyTalkItem item)
    {
        if (FormPupilId == item.PupilId && Posted is not null) return Posted;
        if (item.Logged is { } talk)
            return new WeeklyTalkInputModel
            {
                Vecka = Week.ToString(), HeldOn = talk.HeldOn, WithWhom = talk.WithWhom, Note = talk.Note,
                AgreedActions = talk.AgreedActions, NextFollowUp = talk.NextFollowUp, Version = talk.Version,
            };
        return new WeeklyTalkInputModel { Vecka = Week.ToString() };
    }

    public bool ShowsForm(WeeklyTalkItem item) => item.Logged is null || FormPupilId == item.PupilId;

    public static string Participants(TalkParticipants? who) => who switch
    {
        TalkParticipants.Elev => "Eleven",
        TalkParticipants.Vardnadshavare => "Vårdnadshavare",
        TalkParticipants.Bada => "Eleven och vårdnadshavare",
        _ => "Inte angivet",
    };

    public static string Minutes(int minutes) => minutes < 60
        ? $"{minutes} min"
        : $"{minutes} min ({minutes / 60} h {minutes % 60} min)";
}

public sealed record FieldError(string Field, string Message);
