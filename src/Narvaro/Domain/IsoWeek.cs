using System.Globalization;
using System.Text.RegularExpressions;

namespace Narvaro.Domain;

/// <summary>An ISO 8601 week (Monday–Sunday), written "2026-W47" in addresses.</summary>
public readonly partial record struct IsoWeek(int Year, int Week)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));
    public DateOnly Sunday => Monday.AddDays(6);
    public IsoWeek Previous => Of(Monday.AddDays(-7));
    public IsoWeek Next => Of(Monday.AddDays(7));

    public static IsoWeek Of(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return new IsoWeek(ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
    }

    /// <summary>Reads "2026-W47" (also "2026-w47" and "2026W47"); false for anything else or a week the year does not have.</summary>
    public static bool TryParse(string? text, out IsoWeek week)
    {
        week = default;
        if (text is null) return false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups["week"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100 || number < 1 || number > ISOWeek.GetWeeksInYear(year)) return false;
        week = new IsoWeek(year, number);
        return true;
    }

    public override string ToString() => $"{Year:D4}-W{Week:D2}";

    /// <summary>"16–22 nov. 2026", "30 nov.–6 dec. 2026", "28 dec. 2026–3 jan. 2027".</summary>
    public string DatesText()
    {
        var (from, to) = (Monday, Sunday);
        if (from.Year != to.Year) return $"{SwedishDates.Short(from)}–{SwedishDates.Short(to)}";
        if (from.Month != to.Month) return $"{from.Day} {SwedishDates.MonthAbbreviation(from)}–{SwedishDates.Short(to)}";
        return $"{from.Day}–{to.Day} {SwedishDates.MonthAbbreviation(to)} {to.Year}";
    }

    [GeneratedRegex(@"^(?<year>\d{4})-?[Ww](?<week>\d{1,2})$")]
    private static partial Regex Pattern();
}
