using System.Globalization;

namespace Narvaro.Web.Features.Documents;

/// <summary>The months a rector or skolchef can download the monthly report for.</summary>
public sealed record MonthlyReportsViewModel(IReadOnlyList<MonthlyReportLink> Months)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>The <paramref name="months"/> whole months before the one <paramref name="today"/> is in, newest first.</summary>
    public static MonthlyReportsViewModel Before(DateOnly today, int months)
    {
        var current = new DateOnly(today.Year, today.Month, 1);
        return new(Enumerable.Range(1, months)
            .Select(i => current.AddMonths(-i))
            .Select(m => new MonthlyReportLink(m.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.ToString("MMMM yyyy", Swedish)))
            .ToList());
    }
}

/// <param name="Month">YYYY-MM, the download's parameter.</param>
/// <param name="Label">"oktober 2026".</param>
public sealed record MonthlyReportLink(string Month, string Label);
