using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>
/// Step 2, "Mentor/klasslärare har varje vecka samtal enskilt med sina mentorselever angående föregående veckas
/// frånvaro": the mentee belongs on a week's list when that week (Monday–Sunday) had absent minutes.
/// </summary>
public static class WeeklyTalkRule
{
    public const int MaxTextLength = 2000;

    /// <summary>Monday of the week containing <paramref name="date"/>.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The Monday–Sunday before the week containing <paramref name="date"/>.</summary>
    public static (DateOnly From, DateOnly To) PreviousWeek(DateOnly date)
    {
        var monday = WeekStart(date).AddDays(-7);
        return (monday, monday.AddDays(6));
    }

    /// <summary>The week the list opens on: last week, the week whose absence this week's talks are about.</summary>
    public static IsoWeek DefaultWeek(DateOnly today) => IsoWeek.Of(today.AddDays(-7));

    public static bool Applies(int absentMinutesInWeek) => absentMinutesInWeek > 0;

    /// <summary>
    /// Step 5, S5-WEEKLY ("Uppföljning med eleven varje vecka så länge skolsociala teamet inte är inkopplat"). The
    /// evaluator raises that task once per case, on the day D the case reached step 5 (RaisedOn = D, Due = D+7); it is
    /// not raised anew each week. A talk about week W is "the weekly follow-up of that week" for an open S5-WEEKLY task
    /// raised no later than W's Sunday (the absence that raised it lies in W or before, so the talk covers it) and no
    /// later than the day the talk was held (a talk cannot follow up a task that did not exist yet).
    /// A task raised after W (about later absence) stays open for the talk about a later week.
    /// </summary>
    public static bool CompletesWeeklyFollowUp(DateOnly taskRaisedOn, IsoWeek talkWeek, DateOnly heldOn) =>
        taskRaisedOn <= talkWeek.Sunday && taskRaisedOn <= heldOn;
}
