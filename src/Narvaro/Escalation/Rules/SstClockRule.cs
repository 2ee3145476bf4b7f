namespace Narvaro.Escalation.Rules;

/// <summary>Where an SST intervention stands on a given day.</summary>
public enum SstClockState
{
    /// <summary>"Ej startad": no start date yet.</summary>
    NotStarted,
    /// <summary>"Pågår".</summary>
    Running,
    /// <summary>"Snart slut": from one month before the six months end.</summary>
    EndingSoon,
    /// <summary>"Tid ute": six months have passed without a closing.</summary>
    TimeUp,
    /// <summary>"Avslutad": an end date is recorded.</summary>
    Closed,
}

// Bilaga 4, "Vidmakthållande" and "Avslut": the intervention is followed up until closed; the issue sets six months from the start, warned a month before.
public static class SstClockRule
{
    public const int Months = 6;
    public const int WarningMonths = 1;

    /// <summary>Six calendar months after the start (a start on 31 Aug. ends 28/29 Feb.: the month's last day).</summary>
    public static DateOnly EndOf(DateOnly startedOn) => startedOn.AddMonths(Months);

    /// <summary>The first day of the warning: one calendar month before the end.</summary>
    public static DateOnly WarningFrom(DateOnly startedOn) => EndOf(startedOn).AddMonths(-WarningMonths);

    public static SstClockState StateOn(DateOnly? startedOn, DateOnly? endedOn, DateOnly today)
    {
        if (endedOn is not null) return SstClockState.Closed;
        if (startedOn is not { } start) return SstClockState.NotStarted;
        if (today >= EndOf(start)) return SstClockState.TimeUp;
        return today >= WarningFrom(start) ? SstClockState.EndingSoon : SstClockState.Running;
    }

    /// <summary>Days from <paramref name="today"/> to the end (negative once passed).</summary>
    public static int DaysLeft(DateOnly startedOn, DateOnly today) => EndOf(startedOn).DayNumber - today.DayNumber;

    public static string StateName(SstClockState state) => state switch
    {
        SstClockState.NotStarted => "Ej startad",
        SstClockState.Running => "Pågår",
        SstClockState.EndingSoon => "Snart slut",
        SstClockState.TimeUp => "Tid ute",
        SstClockState.Closed => "Avslutad",
        _ => state.ToString(),
    };
}
