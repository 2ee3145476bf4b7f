using Narvaro.Absence;

namespace Narvaro.Tests.Absence;

public class AbsenceMeasuresCalculatorTests
{
    private static readonly DateOnly Monday = new(2026, 10, 5);

    /// <summary>A day of <paramref name="lessons"/> 60-minute lessons; the others say what each lesson was.</summary>
    private static DayAttendance Day(DateOnly date, int lessons = 5, int valid = 0, int invalid = 0, int leave = 0, int lateMinutes = 0,
        int lateCount = 0, int unreported = 0)
    {
        var reportedLessons = lessons - unreported;
        return new DayAttendance(1, date, lessons * 60, reportedLessons * 60, valid * 60, invalid * 60, leave * 60, lateMinutes, lateCount,
            reportedLessons, invalid);
    }

    [Fact]
    public void Fold_MixedDay_SumsEveryAbsenceTypeAndExcludesUnreportedLessons()
    {
        var m = AbsenceMeasuresCalculator.Fold(1, [Day(Monday, lessons: 6, valid: 1, invalid: 1, leave: 1, lateMinutes: 10, lateCount: 1, unreported: 1)], true);

        Assert.Equal(360, m.OfferedMinutes);
        Assert.Equal(300, m.ReportedMinutes);
        Assert.Equal(60 + 60 + 60 + 10, m.AbsentMinutes);
        Assert.Equal(60 + 10, m.InvalidMinutes);
        Assert.Equal(1, m.LateArrivals);
        Assert.Equal(1, m.SchoolDays);
        Assert.Equal(100.0 * 190 / 300, m.AbsencePercent, 10);
        Assert.Equal(100.0 * 70 / 300, m.InvalidPercent, 10);
        Assert.Equal(100.0 * 300 / 360, m.CoveragePercent, 10);
    }

    [Fact]
    public void Fold_LeaveNotCounted_RemovesLeaveFromAbsenceOnly()
    {
        var counted = AbsenceMeasuresCalculator.Fold(1, [Day(Monday, leave: 2)], countApprovedLeave: true);
        var notCounted = AbsenceMeasuresCalculator.Fold(1, [Day(Monday, leave: 2)], countApprovedLeave: false);

        Assert.Equal(120, counted.AbsentMinutes);
        Assert.Equal(0, notCounted.AbsentMinutes);
        Assert.Equal(counted.ReportedMinutes, notCounted.ReportedMinutes);
        Assert.Equal(0, notCounted.InvalidMinutes);
    }

    [Fact]
    public void Fold_DayWithOnlyUnreportedLessons_IsNoSchoolDayAndNoReportedMinutes()
    {
        var m = AbsenceMeasuresCalculator.Fold(1, [Day(Monday, unreported: 5), Day(Monday.AddDays(1))], true);

        Assert.Equal(1, m.SchoolDays);
        Assert.Equal(600, m.OfferedMinutes);
        Assert.Equal(300, m.ReportedMinutes);
        Assert.Equal(50.0, m.CoveragePercent, 10);
    }

    [Fact]
    public void Fold_NoRows_GivesZeroPercentNotNaN()
    {
        var m = AbsenceMeasuresCalculator.Fold(1, [], true);
        Assert.Equal(0, m.AbsencePercent);
        Assert.Equal(0, m.CoveragePercent);
        Assert.False(m.IsEvaluated(10));
    }

    [Fact]
    public void Fold_WholeDayInvalidAcrossWeekendAndHoliday_StreakContinues()
    {
        // Mon–Fri, weekend (no rows), Mon is a holiday (no rows), Tue–Fri: 9 school days, all whole-day ogiltig.
        var dates = new[] { 0, 1, 2, 3, 4, 8, 9, 10, 11 }.Select(d => Monday.AddDays(d));
        var m = AbsenceMeasuresCalculator.Fold(1, dates.Select(d => Day(d, invalid: 5)), true);
        Assert.Equal(9, m.InvalidStreakDays);
    }

    [Theory]
    [InlineData("present")]
    [InlineData("giltig")]
    [InlineData("sen")]
    [InlineData("ledighet")]
    public void Fold_DayWithOtherThanOgiltig_BreaksStreak(string kind)
    {
        var breaker = kind switch
        {
            "present" => Day(Monday.AddDays(2), invalid: 4),
            "giltig" => Day(Monday.AddDays(2), invalid: 4, valid: 1),
            "sen" => Day(Monday.AddDays(2), invalid: 4, lateMinutes: 5, lateCount: 1),
            _ => Day(Monday.AddDays(2), invalid: 4, leave: 1),
        };
        var days = new[] { Day(Monday, invalid: 5), Day(Monday.AddDays(1), invalid: 5), breaker, Day(Monday.AddDays(3), invalid: 5) };
        Assert.Equal(2, AbsenceMeasuresCalculator.Fold(1, days, true).InvalidStreakDays);
    }

    [Fact]
    public void Fold_UnreportedDayInsideStreak_NeitherCountsNorBreaks()
    {
        var days = new[]
        {
            Day(Monday, invalid: 5), Day(Monday.AddDays(1), unreported: 5), Day(Monday.AddDays(2), invalid: 5),
        };
        Assert.Equal(2, AbsenceMeasuresCalculator.Fold(1, days, true).InvalidStreakDays);
    }

    [Fact]
    public void Fold_DayPartlyOgiltigAndPartlyUnreported_CountsAsWholeDayInvalid()
    {
        // Every *reported* row is ogiltig: the unreported lesson does not save the day.
        var m = AbsenceMeasuresCalculator.Fold(1, [Day(Monday, lessons: 5, invalid: 4, unreported: 1)], true);
        Assert.Equal(1, m.InvalidStreakDays);
    }

    [Fact]
    public void Fold_DaysOutOfOrder_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            AbsenceMeasuresCalculator.Fold(1, [Day(Monday.AddDays(1)), Day(Monday)], true));
    }
}
