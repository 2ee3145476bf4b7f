namespace Narvaro.Escalation.Rules;

/// <summary>
/// The escalation queue's deadline clock: how many days have passed since anything was done on a case, and whether
/// that is past the limit. "Anything done" is the latest of a task done, an event made by a person and the case's
/// opening. The limit is the huvudman's PolicySettings.InactivityLimitDays; the constant is its default.
/// </summary>
public static class InactivityRule
{
    // The plan asks for action "snarast" (steg 4) and SL 7:19 a for the rector to investigate "skyndsamt": 14 days without action is too long.
    public const int LimitDays = 14;

    /// <summary>The latest date anything was done on the case; never before it opened.</summary>
    public static DateOnly LastActionOn(DateOnly openedOn, IEnumerable<DateOnly> actionDates) =>
        actionDates.Aggregate(openedOn, (latest, date) => date > latest ? date : latest);

    /// <summary>Calendar days from the last action to <paramref name="today"/>; 0 when it was today (or in the future).</summary>
    public static int DaysWithoutAction(DateOnly lastActionOn, DateOnly today) =>
        Math.Max(0, today.DayNumber - lastActionOn.DayNumber);

    /// <summary>More than <see cref="LimitDays"/> days without action: exactly 14 days is not past the limit.</summary>
    public static bool IsPastLimit(int daysWithoutAction) => IsPastLimit(daysWithoutAction, LimitDays);

    /// <summary>More than <paramref name="limitDays"/> days without action (the huvudman's setting): exactly the limit is not past it.</summary>
    public static bool IsPastLimit(int daysWithoutAction, int limitDays) => daysWithoutAction > limitDays;
}
