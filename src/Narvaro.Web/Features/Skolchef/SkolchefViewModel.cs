using System.Globalization;
using Narvaro.Domain;
using Narvaro.Leadership;

namespace Narvaro.Web.Features.Skolchef;

public sealed record MonthOption(string Value, string Label, bool Selected);

public sealed record TermOption(string Value, string Label);

public sealed record SkolchefViewModel(
    SkolchefOverview Data,
    string MonthValue,
    string MonthLabel,
    IReadOnlyList<MonthOption> Months,
    IReadOnlyList<TermOption> Terms,
    string DefaultTerm,
    ShareChart Chart)
{
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string MonthName(int year, int month) =>
        new DateOnly(year, month, 1).ToString("MMMM yyyy", Swedish);

    public static string Percent(double? value) => value is null ? "–" : SwedishDates.Percent(value.Value);

    public static SkolchefViewModel From(SkolchefOverview data, DateOnly today)
    {
        var value = $"{data.Year:D4}-{data.Month:D2}";
        // The current month and the 23 before it; the chosen month is always among them.
        var months = Enumerable.Range(0, 24).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(-i))
            .Select(d => new MonthOption(d.ToString("yyyy-MM", CultureInfo.InvariantCulture), MonthName(d.Year, d.Month), d.Year == data.Year && d.Month == data.Month))
            .ToList();
        if (!months.Any(m => m.Selected)) months.Add(new MonthOption(value, MonthName(data.Year, data.Month), true));
        var chosenTerm = Term.Of(new DateOnly(data.Year, data.Month, 1));
        var terms = Term.Recent(today).Select(t => new TermOption(t.Code, t.DisplayName)).ToList();
        if (!terms.Any(t => t.Value == chosenTerm.Code)) terms.Add(new TermOption(chosenTerm.Code, chosenTerm.DisplayName));
        return new SkolchefViewModel(data, value, MonthName(data.Year, data.Month), months, terms, chosenTerm.Code, ShareChart.From(data.Trend));
    }
}

/// <summary>
/// The trend as SVG geometry (the house style of the pupil page's chart): the share of pupils above 10 % (solid line,
/// circles), 15 % (dashed, squares) and 20 % (dotted, diamonds) absence per month of the school year.
/// </summary>
public sealed record ShareChart(int Width, int Height, int Left, int Right, int Top, int Bottom, double YMax,
    IReadOnlyList<ShareChart.Point> Points, IReadOnlyList<ShareChart.Tick> YTicks)
{
    public sealed record Point(string Label, double X, double Y10, double Y15, double Y20);
    public sealed record Tick(string Label, double Y);

    private const int ChartWidth = 680, ChartHeight = 300, MarginLeft = 52, MarginRight = 24, MarginTop = 16, MarginBottom = 44;

    public double PlotBottom => Height - Bottom;
    public double PlotRight => Width - Right;
    public string Line(Func<Point, double> y) => string.Join(" ", Points.Select(p => $"{Num(p.X)},{Num(y(p))}"));
    public static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static ShareChart From(IReadOnlyList<TrendMonth> months)
    {
        var highest = months.Select(m => m.Share(m.Over10)).DefaultIfEmpty(0).Max();
        var yMax = Math.Min(100, Math.Max(10, Math.Ceiling((highest + 5) / 10) * 10));
        double plotWidth = ChartWidth - MarginLeft - MarginRight, plotHeight = ChartHeight - MarginTop - MarginBottom;
        double Y(double percent) => MarginTop + plotHeight * (1 - Math.Min(percent, yMax) / yMax);
        var step = months.Count <= 1 ? 0 : plotWidth / (months.Count - 1);
        var points = months.Select((m, i) => new Point(
                new DateOnly(m.Year, m.Month, 1).ToString("MMM", SkolchefViewModel.Swedish).TrimEnd('.'),
                MarginLeft + (months.Count <= 1 ? plotWidth / 2 : i * step),
                Y(m.Share(m.Over10)), Y(m.Share(m.Over15)), Y(m.Share(m.Over20))))
            .ToList();
        var ticks = Enumerable.Range(0, 6).Select(i => yMax * i / 5)
            .Select(v => new Tick(v.ToString("0", CultureInfo.InvariantCulture) + " %", Y(v))).ToList();
        return new ShareChart(ChartWidth, ChartHeight, MarginLeft, MarginRight, MarginTop, MarginBottom, yMax, points, ticks);
    }
}
