using Narvaro.Demo;

namespace Narvaro.Tests.Demo;

public sealed class DemoEhtMeetingsTests
{
    [Fact]
    public void EhtMeetingDates_EverySecondTuesday_FromTheFirstDayThroughAMonthAfterTheLast()
    {
        var dates = DemoSeeder.EhtMeetingDates(new DateOnly(2026, 10, 28), new DateOnly(2026, 12, 4)).ToList();

        Assert.Equal(new DateOnly(2026, 11, 3), dates[0]);
        Assert.All(dates, d => Assert.Equal(DayOfWeek.Tuesday, d.DayOfWeek));
        Assert.All(dates.Zip(dates.Skip(1)), pair => Assert.Equal(14, pair.Second.DayNumber - pair.First.DayNumber));
        Assert.True(dates[^1] <= new DateOnly(2027, 1, 4) && dates[^1].AddDays(14) > new DateOnly(2027, 1, 4));
        // The demo's "today" (the day after its last day) always has a meeting within two weeks.
        Assert.Contains(dates, d => d >= new DateOnly(2026, 12, 5) && d < new DateOnly(2026, 12, 19));
    }
}
