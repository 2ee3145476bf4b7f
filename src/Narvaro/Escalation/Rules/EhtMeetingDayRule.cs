using System.Globalization;

namespace Narvaro.Escalation.Rules;

// Plan, steg 4: "Utvärdering av insatser på nästkommande EHT" – the next EHT meeting is the huvudman's meeting weekday in a week the EHT meets.
public static class EhtMeetingDayRule
{
    /// <summary>
    /// The first <paramref name="day"/> on or after <paramref name="from"/> whose ISO week number is divisible by
    /// <paramref name="everyWeeks"/> (1: every week). Null when the policy sets no meeting day.
    /// </summary>
    public static DateOnly? NextMeeting(DateOnly from, DayOfWeek? day, int everyWeeks)
    {
        if (day is null) return null;
        if (everyWeeks < 1) everyWeeks = 1;
        var date = from.AddDays(((int)day.Value - (int)from.DayOfWeek + 7) % 7);
        for (var i = 0; i < 60; i++, date = date.AddDays(7))
        {
            if (ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)) % everyWeeks == 0) return date;
        }
        return date;
    }
}
