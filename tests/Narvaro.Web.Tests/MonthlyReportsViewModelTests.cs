using Narvaro.Web.Features.Documents;

namespace Narvaro.Web.Tests;

public class MonthlyReportsViewModelTests
{
    [Fact]
    public void Before_InJanuary_StartsWithDecemberOfTheYearBefore_NewestFirst()
    {
        var model = MonthlyReportsViewModel.Before(new DateOnly(2027, 1, 31), months: 12);

        Assert.Equal(12, model.Months.Count);
        Assert.Equal(new MonthlyReportLink("2026-12", "december 2026"), model.Months[0]);
        Assert.Equal(new MonthlyReportLink("2026-11", "november 2026"), model.Months[1]);
        Assert.Equal(new MonthlyReportLink("2026-01", "januari 2026"), model.Months[^1]);
    }

    [Fact]
    public void Before_OnTheFirstOfAMonth_LeavesThatMonthOut()
    {
        var model = MonthlyReportsViewModel.Before(new DateOnly(2026, 11, 1), months: 1);

        Assert.Equal("2026-10", Assert.Single(model.Months).Month);
    }
}
