using System.Globalization;
using Narvaro.Domain;
using Narvaro.Pupils;

namespace Narvaro.Web.Features.PupilPage;

/// <summary>
/// The monthly trend as SVG geometry, computed here so the view only draws: absence % (solid line, circles) and
/// ogiltig % (dashed line, squares) per month, with the policy's step thresholds as labelled horizontal lines.
/// </summary>
public sealed record TrendChart(
    int Width, int Height, int Left, int Right, int Top, int Bottom, double YMax,
    IReadOnlyList<TrendChart.Point> Points, IReadOnlyList<TrendChart.Threshold> Thresholds, IReadOnlyList<TrendChart.Tick> YTicks)
{
    public sealed record Point(string Label, string LongLabel, double X, double AbsenceY, double InvalidY, double Absence, double Invalid);
    public sealed record Threshold(string Label, double Y, double Percent);
    public sealed record Tick(string Label, double Y);

    private const int ChartWidth = 680, ChartHeight = 300, MarginLeft = 52, MarginRight = 150, MarginTop = 16, MarginBottom = 44;

    public double PlotBottom => Height - Bottom;
    public double PlotRight => Width - Right;

    public string AbsencePolyline => Polyline(p => p.AbsenceY);
    public string InvalidPolyline => Polyline(p => p.InvalidY);

    private string Polyline(Func<Point, double> y) =>
        string.Join(" ", Points.Select(p => $"{Num(p.X)},{Num(y(p))}"));

    public static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static TrendChart From(IReadOnlyList<PeriodMeasures> months, PolicySettings policy)
    {
        var thresholds = new (string Label, decimal Percent)[]
        {
            ("Steg 3", policy.ChecklistThresholdPercent),
            ("Steg 4", policy.StudentHealthThresholdPercent),
            ("Steg 5 (över)", policy.SkolchefThresholdPercent),
        };
        var highest = months.Select(m => m.Measures.AbsencePercent).DefaultIfEmpty(0).Max();
        var top = Math.Max(highest, (double)policy.SkolchefThresholdPercent);
        var yMax = Math.Min(100, Math.Ceiling((top + 5) / 10) * 10);

        double plotWidth = ChartWidth - MarginLeft - MarginRight, plotHeight = ChartHeight - MarginTop - MarginBottom;
        double Y(double percent) => MarginTop + plotHeight * (1 - Math.Min(percent, yMax) / yMax);
        var step = months.Count <= 1 ? 0 : plotWidth / (months.Count - 1);
        var points = months.Select((m, i) => new Point(
                m.From.ToString("MMM", PupilPageViewModel.Swedish),
                PupilPageViewModel.MonthName(m.From),
                MarginLeft + (months.Count <= 1 ? plotWidth / 2 : i * step),
                Y(m.Measures.AbsencePercent), Y(m.Measures.InvalidPercent),
                m.Measures.AbsencePercent, m.Measures.InvalidPercent))
            .ToList();
        var ticks = Enumerable.Range(0, 6).Select(i => yMax * i / 5)
            .Select(v => new Tick(v.ToString("0", CultureInfo.InvariantCulture) + " %", Y(v))).ToList();
        return new TrendChart(ChartWidth, ChartHeight, MarginLeft, MarginRight, MarginTop, MarginBottom, yMax, points,
            thresholds.Select(t => new Threshold($"{t.Label}: {t.Percent.ToString("0.#", PupilPageViewModel.Swedish)} %", Y((double)t.Percent), (double)t.Percent)).ToList(),
            ticks);
    }
}
