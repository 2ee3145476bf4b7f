using Narvaro.Escalation.Rules;

namespace Narvaro.Tests.Escalation;

public sealed class EhtMeetingDayRuleTests
{
    [Fact]
    public void NextMeeting_NoDay_Null() => Assert.Null(EhtMeetingDayRule.NextMeeting(new DateOnly(2026, 12, 2), null, 2));

    [Fact]
    public void NextMeeting_EveryWeek_NextSuchWeekday()
    {
        // Wed 2 Dec 2026 (ISO week 49) → Thu 3 Dec.
        Assert.Equal(new DateOnly(2026, 12, 3), EhtMeetingDayRule.NextMeeting(new DateOnly(2026, 12, 2), DayOfWeek.Thursday, 1));
    }

    [Fact]
    public void NextMeeting_SameWeekday_IsThatDay()
    {
        Assert.Equal(new DateOnly(2026, 12, 2), EhtMeetingDayRule.NextMeeting(new DateOnly(2026, 12, 2), DayOfWeek.Wednesday, 1));
    }

    [Fact]
    public void NextMeeting_EveryOtherWeek_SkipsOddIsoWeek()
    {
        // Week 49 is odd: the Thursday of week 50 (10 Dec 2026).
        Assert.Equal(new DateOnly(2026, 12, 10), EhtMeetingDayRule.NextMeeting(new DateOnly(2026, 12, 2), DayOfWeek.Thursday, 2));
    }

    [Fact]
    public void NextMeeting_EveryThirdWeek_AcrossYearEnd()
    {
        // Mon 28 Dec 2026 is ISO week 53; the next week divisible by 3 is week 3 of 2027 (Mon 18 Jan 2027).
        Assert.Equal(new DateOnly(2027, 1, 18), EhtMeetingDayRule.NextMeeting(new DateOnly(2026, 12, 28), DayOfWeek.Monday, 3));
    }
}
