using Narvaro.Escalation.Rules;

namespace Narvaro.Tests.Escalation;

public sealed class InactivityRuleTests
{
    private static readonly DateOnly Opened = new(2026, 11, 2);

    [Fact]
    public void LastActionOn_NothingDone_IsTheOpening() =>
        Assert.Equal(Opened, InactivityRule.LastActionOn(Opened, []));

    [Fact]
    public void LastActionOn_SeveralActions_IsTheLatest() =>
        Assert.Equal(new DateOnly(2026, 11, 20),
            InactivityRule.LastActionOn(Opened, [new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 9)]));

    [Fact]
    public void LastActionOn_ActionDatedBeforeTheOpening_IsTheOpening() =>
        Assert.Equal(Opened, InactivityRule.LastActionOn(Opened, [new DateOnly(2026, 10, 30)]));

    [Theory]
    [InlineData("2026-11-18", "2026-12-04", 16)]
    [InlineData("2026-12-04", "2026-12-04", 0)]
    [InlineData("2026-12-05", "2026-12-04", 0)]
    [InlineData("2026-11-30", "2026-12-01", 1)]
    public void DaysWithoutAction_CalendarDaysToToday(string last, string today, int expected) =>
        Assert.Equal(expected, InactivityRule.DaysWithoutAction(DateOnly.Parse(last), DateOnly.Parse(today)));

    [Theory]
    [InlineData(13, false)]
    [InlineData(14, false)]
    [InlineData(15, true)]
    [InlineData(16, true)]
    public void IsPastLimit_MoreThanFourteenDays(int days, bool expected) =>
        Assert.Equal(expected, InactivityRule.IsPastLimit(days));

    [Fact]
    public void LimitDays_IsFourteen() => Assert.Equal(14, InactivityRule.LimitDays);
}
