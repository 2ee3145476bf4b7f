using Narvaro.Absence;

namespace Narvaro.Tests.Absence;

public class AbsenceMeasuresTests
{
    private static AbsenceMeasures With(int absent, int reported, int schoolDays = 20) =>
        new(1, schoolDays, reported, reported, absent, 0, 0, 0);

    [Fact]
    public void AbsenceAtLeast_Exactly10Percent_IsTrue() => Assert.True(With(600, 6000).AbsenceAtLeast(10m));

    [Fact]
    public void AbsenceAtLeast_JustBelow10Percent_IsFalse() => Assert.False(With(599, 6000).AbsenceAtLeast(10m));

    [Fact]
    public void AbsenceAbove_Exactly20Percent_IsFalse() => Assert.False(With(1200, 6000).AbsenceAbove(20m));

    [Fact]
    public void AbsenceAbove_OneMinuteOver20Percent_IsTrue() => Assert.True(With(1201, 6000).AbsenceAbove(20m));

    [Fact]
    public void AbsenceAtLeast_ThirdsThatFloatingPointWouldRound_ComparesExactly()
    {
        // 1/3 of 30 % = exactly 10 %: 100 × 1 / 10 in decimals, no binary drift either side.
        Assert.True(With(1, 10).AbsenceAtLeast(10m));
        // 10.000…1 %: 100 001 / 1 000 000 of 10 % thresholds.
        Assert.True(With(100_001, 1_000_000).AbsenceAtLeast(10m));
        Assert.False(With(99_999, 1_000_000).AbsenceAtLeast(10m));
    }

    [Fact]
    public void AbsenceAtLeast_NothingReported_IsFalse() => Assert.False(With(0, 0).AbsenceAtLeast(10m));

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(11, true)]
    public void IsEvaluated_SchoolDaysAgainstMinimumOf10_OnlyFrom10(int schoolDays, bool expected) =>
        Assert.Equal(expected, With(0, 100, schoolDays).IsEvaluated(10));

    [Fact]
    public void Rolling_30Days_IncludesAsOfAnd29DaysBefore()
    {
        var window = AbsenceWindow.Rolling(new DateOnly(2026, 10, 30), 30);
        Assert.Equal(new DateOnly(2026, 10, 1), window.From);
        Assert.Equal(new DateOnly(2026, 10, 30), window.To);
        Assert.True(window.Contains(new DateOnly(2026, 10, 1)));
        Assert.False(window.Contains(new DateOnly(2026, 9, 30)));
    }

    [Fact]
    public void Month_February2028_EndsOnLeapDay()
    {
        var window = AbsenceWindow.Month(2028, 2);
        Assert.Equal(new DateOnly(2028, 2, 29), window.To);
    }
}
