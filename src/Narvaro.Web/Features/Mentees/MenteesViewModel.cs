using System.Globalization;
using System.Text;
using Narvaro.Mentoring;

namespace Narvaro.Web.Features.Mentees;

/// <summary>The Mina elever page: one page of the list, the day's contacts, and the links that sort and page it.</summary>
public sealed class MenteesViewModel(MenteePage list, string? confirmation)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public MenteePage List { get; } = list;
    public string? Confirmation { get; } = confirmation;

    public static readonly IReadOnlyList<(MenteeSort Sort, string Query, string Text)> Sorts =
    [
        (MenteeSort.Urgency, "bradskande", "Mest brådskande"),
        (MenteeSort.Name, "namn", "Namn"),
        (MenteeSort.Class, "klass", "Klass"),
        (MenteeSort.Absence, "franvaro", "Frånvaro"),
        (MenteeSort.Invalid, "ogiltig", "Ogiltig frånvaro"),
    ];

    public static MenteeSort ParseSort(string? query) =>
        Sorts.Where(s => s.Query == query).Select(s => s.Sort).DefaultIfEmpty(MenteeSort.Urgency).First();

    public static string QueryOf(MenteeSort sort) => Sorts.First(s => s.Sort == sort).Query;

    public string Link(MenteeSort sort, int page)
    {
        var parts = new List<string>();
        if (sort != MenteeSort.Urgency) parts.Add("sortering=" + QueryOf(sort));
        if (page > 1) parts.Add("sida=" + page.ToString(CultureInfo.InvariantCulture));
        return "/mina-elever" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    /// <summary>aria-sort of a sortable column: how the list is sorted now, or null (attribute left out).</summary>
    public string? AriaSort(MenteeSort column) =>
        column != List.Sort ? null : column is MenteeSort.Name or MenteeSort.Class ? "ascending" : "descending";

    public string SortText => Sorts.First(s => s.Sort == List.Sort).Text.ToLower(Swedish);

    public int FirstShown => List.Total == 0 ? 0 : (List.Page - 1) * MenteeListService.PageSize + 1;
    public int LastShown => FirstShown + List.Rows.Count - 1;

    public static string Percent(double value) => value.ToString("0.0", Swedish) + " %";

    public static string MonthName(DateOnly month) => month.ToString("MMM", Swedish).TrimEnd('.');

    public static string StepText(MenteeRow row) =>
        !row.HasOpenCase ? "Inget ärende" : row.Step == 0 ? "Ärende" : $"Steg {row.Step}";

    /// <summary>The sparkline's title: the six months' figures in words, for screen readers and on hover.</summary>
    public static string SparklineTitle(MenteeRow row) =>
        "Frånvaro per månad: " + string.Join(", ", row.Months.Select(m =>
            $"{m.Month.ToString("MMMM", Swedish)} {(m.AbsencePercent is { } p ? Percent(p) : "ingen rapporterad närvaro")}"));

    public const int SparkWidth = 120, SparkHeight = 32;

    /// <summary>The polyline points of the sparkline, scaled so 0–max(30 %, highest month) fills the height.</summary>
    public static string SparklinePoints(MenteeRow row)
    {
        var top = Math.Max(30, row.Months.Max(m => m.AbsencePercent ?? 0));
        var step = (SparkWidth - 8) / (double)Math.Max(1, row.Months.Count - 1);
        var points = new StringBuilder();
        for (var i = 0; i < row.Months.Count; i++)
        {
            if (row.Months[i].AbsencePercent is not { } value) continue;
            var x = 4 + i * step;
            var y = SparkHeight - 3 - (SparkHeight - 6) * value / top;
            points.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        }
        return points.ToString().TrimEnd();
    }

    /// <summary>The y of the line for <paramref name="percent"/> (10 %: step 3), on the same scale as the points.</summary>
    public static string Level(MenteeRow row, double percent)
    {
        var top = Math.Max(30, row.Months.Max(m => m.AbsencePercent ?? 0));
        return (SparkHeight - 3 - (SparkHeight - 6) * percent / top).ToString("0.#", CultureInfo.InvariantCulture);
    }
}
