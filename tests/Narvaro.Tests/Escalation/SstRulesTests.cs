using Narvaro.Escalation.Rules;

namespace Narvaro.Tests.Escalation;

/// <summary>SstConsentRule (both written consents before the referral) and SstClockRule (six months, warned a month before).</summary>
public sealed class SstRulesTests
{
    private static readonly DateOnly Day = new(2026, 11, 27);

    [Fact]
    public void CanRefer_BothConsents_True() => Assert.True(SstConsentRule.CanRefer(Day, Day));

    [Theory]
    [InlineData(true, false, "elevens skriftliga samtycke saknas")]
    [InlineData(false, true, "vårdnadshavarens skriftliga samtycke saknas")]
    [InlineData(false, false, "både vårdnadshavare och elev")]
    public void CanRefer_AConsentMissing_FalseWithAMessageNamingIt(bool guardian, bool pupil, string named)
    {
        DateOnly? g = guardian ? Day : null, p = pupil ? Day : null;
        Assert.False(SstConsentRule.CanRefer(g, p));
        Assert.Contains(named, SstConsentRule.MissingMessage(g, p));
    }

    [Fact]
    public void MissingMessage_BothConsents_Null() => Assert.Null(SstConsentRule.MissingMessage(Day, Day));

    [Theory]
    [InlineData("2026-12-03", "2027-06-03", "2027-05-03")]
    [InlineData("2026-08-31", "2027-02-28", "2027-01-28")]
    [InlineData("2027-08-31", "2028-02-29", "2028-01-29")]
    [InlineData("2026-03-31", "2026-09-30", "2026-08-30")]
    [InlineData("2026-07-31", "2027-01-31", "2026-12-31")]
    public void EndOfAndWarningFrom_CalendarMonths_MonthEndsClamped(string start, string end, string warning)
    {
        var started = DateOnly.Parse(start);
        Assert.Equal(DateOnly.Parse(end), SstClockRule.EndOf(started));
        Assert.Equal(DateOnly.Parse(warning), SstClockRule.WarningFrom(started));
    }

    [Theory]
    [InlineData(null, null, "2027-01-01", SstClockState.NotStarted)]
    [InlineData("2026-12-03", null, "2026-12-03", SstClockState.Running)]
    [InlineData("2026-12-03", null, "2027-05-02", SstClockState.Running)]
    [InlineData("2026-12-03", null, "2027-05-03", SstClockState.EndingSoon)]
    [InlineData("2026-12-03", null, "2027-06-02", SstClockState.EndingSoon)]
    [InlineData("2026-12-03", null, "2027-06-03", SstClockState.TimeUp)]
    [InlineData("2026-12-03", "2027-04-01", "2027-06-03", SstClockState.Closed)]
    [InlineData("2026-08-31", null, "2027-01-27", SstClockState.Running)]
    [InlineData("2026-08-31", null, "2027-01-28", SstClockState.EndingSoon)]
    [InlineData("2026-08-31", null, "2027-02-28", SstClockState.TimeUp)]
    public void StateOn_ExactDays(string? start, string? end, string today, SstClockState expected) =>
        Assert.Equal(expected, SstClockRule.StateOn(start is null ? null : DateOnly.Parse(start), end is null ? null : DateOnly.Parse(end), DateOnly.Parse(today)));

    [Fact]
    public void DaysLeft_CountsToTheEnd_NegativeAfter()
    {
        var start = new DateOnly(2026, 12, 3);
        Assert.Equal(28, SstClockRule.DaysLeft(start, new DateOnly(2027, 5, 6)));
        Assert.Equal(0, SstClockRule.DaysLeft(start, new DateOnly(2027, 6, 3)));
        Assert.Equal(-2, SstClockRule.DaysLeft(start, new DateOnly(2027, 6, 5)));
    }

    [Fact]
    public void StateName_InThePlansWords() =>
        Assert.Equal(["Ej startad", "Pågår", "Snart slut", "Tid ute", "Avslutad"], Enum.GetValues<SstClockState>().Select(SstClockRule.StateName));
}
