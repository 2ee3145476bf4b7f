using Narvaro.Absence;

namespace Narvaro.Escalation.Rules;

/// <summary>
/// Which cases an EHT meeting evaluates, and over which periods the team compares the figures.
/// </summary>
public static class EhtAgendaRule
{
    // Plan, steg 4 (S4-EHT): "Utvärdering av insatser på nästkommande EHT" – the evaluation is held at the next EHT meeting.
    public const int FromStep = 4;

    /// <summary>The next meeting: the first set date on or after <paramref name="today"/>; null when none is set.</summary>
    public static DateOnly? NextMeeting(IEnumerable<DateOnly> meetingDates, DateOnly today) =>
        meetingDates.Where(d => d >= today).Order().Cast<DateOnly?>().FirstOrDefault();

    /// <summary>
    /// A case belongs on a meeting's agenda when it is open, at step 4 or higher, and its S4-EHT evaluation is open and
    /// due on or before the meeting day (an overdue one is due before it too).
    /// </summary>
    public static bool IsOnAgenda(bool caseOpen, int step, bool evaluationTaskOpen, DateOnly evaluationDue, DateOnly meeting) =>
        caseOpen && step >= FromStep && evaluationTaskOpen && evaluationDue <= meeting;

    /// <summary>
    /// The periods the figures compare: "after" from <paramref name="since"/> (the day after the last evaluation, or the
    /// case's opening) through <paramref name="asOf"/>, and "before" the period of the same length just before it.
    /// Null when nothing has passed yet (<paramref name="asOf"/> before <paramref name="since"/>).
    /// </summary>
    public static EhtPeriods? Periods(DateOnly since, DateOnly asOf)
    {
        var days = asOf.DayNumber - since.DayNumber + 1;
        if (days < 1) return null;
        var after = new AbsenceWindow(since, asOf);
        var before = new AbsenceWindow(since.AddDays(-days), since.AddDays(-1));
        return new EhtPeriods(before, after);
    }

    /// <summary>Where the "after" period starts: the day after the last evaluation, else the day the case opened.</summary>
    public static DateOnly Since(DateOnly openedOn, DateOnly? lastEvaluationOn) =>
        lastEvaluationOn is { } last && last >= openedOn ? last.AddDays(1) : openedOn;
}

/// <summary>The two periods of an EHT evaluation's figures, of equal length, "before" ending the day before "after" starts.</summary>
public sealed record EhtPeriods(AbsenceWindow Before, AbsenceWindow After)
{
    public int Days => After.To.DayNumber - After.From.DayNumber + 1;
}
