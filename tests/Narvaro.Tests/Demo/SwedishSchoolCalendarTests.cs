using Narvaro.Domain;
using Narvaro.Demo;

namespace Narvaro.Tests.Demo;

public class SwedishSchoolCalendarTests
{
    [Theory]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2000, 4, 23)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_KnownYears_MatchesTheCalendar(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), SwedishSchoolCalendar.EasterSunday(year));

    [Fact]
    public void RedDays_2026_MoveableFeastsFollowEaster()
    {
        var days = SwedishSchoolCalendar.RedDays(2026).ToDictionary(d => d.Name, d => d.Date);
        Assert.Equal(new DateOnly(2026, 4, 3), days["Långfredagen"]);
        Assert.Equal(new DateOnly(2026, 4, 6), days["Annandag påsk"]);
        Assert.Equal(new DateOnly(2026, 5, 14), days["Kristi himmelsfärds dag"]);
        Assert.Equal(new DateOnly(2026, 6, 19), days["Midsommarafton"]);
        Assert.Equal(13, days.Count);
    }

    [Theory]
    [InlineData("2026-09-05")] // Saturday
    [InlineData("2026-09-06")] // Sunday
    public void IsSchoolDay_Weekend_False(string date) =>
        Assert.False(SwedishSchoolCalendar.IsSchoolDay(DateOnly.Parse(date)));

    [Theory]
    [InlineData("2026-04-03")] // långfredagen
    [InlineData("2026-05-01")] // första maj
    [InlineData("2026-05-14")] // Kristi himmelsfärds dag
    [InlineData("2025-06-06")] // nationaldagen, a Friday
    [InlineData("2026-01-06")] // trettondedag jul
    [InlineData("2026-12-24")] // julafton
    public void IsSchoolDay_RedDay_False(string date)
    {
        Assert.True(SwedishSchoolCalendar.IsRedDay(DateOnly.Parse(date)));
        Assert.False(SwedishSchoolCalendar.IsSchoolDay(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData("2026-10-26")] // höstlov, week 44
    [InlineData("2026-10-30")]
    [InlineData("2026-02-18")] // sportlov, week 8
    [InlineData("2026-04-07")] // påsklov, the week after Easter
    [InlineData("2026-04-10")]
    [InlineData("2026-12-28")] // jullov
    [InlineData("2027-01-07")]
    [InlineData("2026-07-15")] // sommarlov
    [InlineData("2026-08-14")]
    public void IsSchoolDay_Holiday_False(string date) =>
        Assert.False(SwedishSchoolCalendar.IsSchoolDay(DateOnly.Parse(date)));

    [Theory]
    [InlineData("2026-08-17")] // first day of the höstterm (Monday of week 34)
    [InlineData("2026-09-15")]
    [InlineData("2026-12-18")]
    [InlineData("2027-01-08")] // first day of the vårterm
    [InlineData("2026-03-31")] // the week before Easter is taught
    [InlineData("2026-06-12")] // last day of the vårterm (Friday of week 24)
    public void IsSchoolDay_OrdinaryTermDay_True(string date) =>
        Assert.True(SwedishSchoolCalendar.IsSchoolDay(DateOnly.Parse(date)));

    [Fact]
    public void CountSchoolDays_September2026_IsEveryWeekday() =>
        Assert.Equal(22, SwedishSchoolCalendar.CountSchoolDays(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)));

    [Fact]
    public void CountSchoolDays_October2026_SkipsHostlov() =>
        Assert.Equal(17, SwedishSchoolCalendar.CountSchoolDays(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)));

    [Fact]
    public void StartOfSchoolDays_ThirtyBeforeTwelfthOctober_IsFirstSeptember()
    {
        var from = SwedishSchoolCalendar.StartOfSchoolDays(new DateOnly(2026, 10, 12), 30);
        Assert.Equal(new DateOnly(2026, 9, 1), from);
        Assert.Equal(30, SwedishSchoolCalendar.CountSchoolDays(from, new DateOnly(2026, 10, 12)));
    }

    [Fact]
    public void StartOfSchoolDays_EndInSummer_ReachesBackIntoTheSpringTerm()
    {
        var from = SwedishSchoolCalendar.StartOfSchoolDays(new DateOnly(2026, 7, 20), 30);
        Assert.True(from < new DateOnly(2026, 6, 12));
        Assert.Equal(30, SwedishSchoolCalendar.CountSchoolDays(from, new DateOnly(2026, 7, 20)));
    }

    [Fact]
    public void LuhnCheckDigit_SkatteverketExample_IsSix()
    {
        Assert.Equal(6, PersonalIdentity.LuhnCheckDigit("811218987"));
        Assert.True(PersonalIdentity.HasValidCheckDigit("19811218-9876"));
        Assert.False(PersonalIdentity.HasValidCheckDigit("19811218-9875"));
    }

    [Fact]
    public void Create_Personnummer_IsValidAndMatchesGender()
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var male = i % 2 == 0;
            var number = SyntheticPersonalIdentity.Create(new DateOnly(2014, 3, 9), male, random);
            Assert.Matches(@"^20140309-\d{4}$", number);
            Assert.True(PersonalIdentity.HasValidCheckDigit(number));
            Assert.Equal(male, (number[11] - '0') % 2 == 1);
        }
    }
}
