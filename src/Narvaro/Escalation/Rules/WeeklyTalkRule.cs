namespace Narvaro.Escalation.Rules;

/// <summary>
/// Step 2, "Mentor/klasslärare har varje vecka samtal enskilt med sina mentorselever angående föregående veckas
/// frånvaro": the mentee belongs on this week's list when the previous week (Monday–Sunday) had absent minutes.
/// </summary>
public static class WeeklyTalkRule
{
    /// <summary>Monday of the week containing <paramref name="date"/>.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The Monday–Sunday before the week containing <paramref name="date"/>.</summary>
    public static (DateOnly From, DateOnly To) PreviousWeek(DateOnly date)
    {
        var monday = WeekStart(date).AddDays(-7);
        return (monday, monday.AddDays(6));
    }

    public static bool Applies(int absentMinutesPreviousWeek) => absentMinutesPreviousWeek > 0;
}
