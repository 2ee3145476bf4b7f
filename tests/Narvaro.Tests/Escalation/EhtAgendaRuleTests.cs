using Narvaro.Absence;
using Narvaro.Escalation.Rules;

namespace Narvaro.Tests.Escalation;

public sealed class EhtAgendaRuleTests
{
    private static readonly DateOnly Meeting = new(2026, 12, 8);

    [Fact]
    public void NextMeeting_IsTheFirstDateOnOrAfterToday()
    {
        DateOnly[] dates = [new(2026, 12, 22), new(2026, 11, 24), new(2026, 12, 8)];
        Assert.Equal(new DateOnly(2026, 12, 8), EhtAgendaRule.NextMeeting(dates, new DateOnly(2026, 12, 2)));
        Assert.Equal(new DateOnly(2026, 12, 8), EhtAgendaRule.NextMeeting(dates, new DateOnly(2026, 12, 8)));
        Assert.Equal(new DateOnly(2026, 12, 22), EhtAgendaRule.NextMeeting(dates, new DateOnly(2026, 12, 9)));
        Assert.Null(EhtAgendaRule.NextMeeting(dates, new DateOnly(2026, 12, 23)));
        Assert.Null(EhtAgendaRule.NextMeeting([], new DateOnly(2026, 12, 2)));
    }

    [Theory]
    [InlineData(true, 4, true, "2026-12-08", true)]   // due on the meeting day
    [InlineData(true, 5, true, "2026-11-20", true)]   // overdue
    [InlineData(true, 4, true, "2026-12-09", false)]  // due after the meeting: the one after
    [InlineData(true, 4, false, "2026-12-01", false)] // already evaluated
    [InlineData(false, 4, true, "2026-12-01", false)] // closed case
    [InlineData(true, 3, true, "2026-12-01", false)]  // below step 4
    public void IsOnAgenda_WhenTheOpenEvaluationIsDueByTheMeeting(bool caseOpen, int step, bool taskOpen, string due, bool expected) =>
        Assert.Equal(expected, EhtAgendaRule.IsOnAgenda(caseOpen, step, taskOpen, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), Meeting));

    [Fact]
    public void Periods_AreOfEqualLength_BeforeEndingTheDayBeforeSince()
    {
        var periods = EhtAgendaRule.Periods(new DateOnly(2026, 11, 16), new DateOnly(2026, 12, 1))!;
        Assert.Equal(new AbsenceWindow(new DateOnly(2026, 11, 16), new DateOnly(2026, 12, 1)), periods.After);
        Assert.Equal(new AbsenceWindow(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 15)), periods.Before);
        Assert.Equal(16, periods.Days);
        Assert.Null(EhtAgendaRule.Periods(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 1)));
        Assert.Equal(1, EhtAgendaRule.Periods(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1))!.Days);
    }

    [Fact]
    public void Since_IsTheDayAfterTheLastEvaluation_ElseTheOpening()
    {
        var opened = new DateOnly(2026, 11, 16);
        Assert.Equal(opened, EhtAgendaRule.Since(opened, null));
        Assert.Equal(new DateOnly(2026, 11, 25), EhtAgendaRule.Since(opened, new DateOnly(2026, 11, 24)));
        // An evaluation from before the case opened (an earlier case's) does not count.
        Assert.Equal(opened, EhtAgendaRule.Since(opened, new DateOnly(2026, 11, 1)));
    }
}
