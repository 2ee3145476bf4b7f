using System.Globalization;

namespace Narvaro.Domain;

/// <summary>Dates, times and percentages as staff read them on every page: "27 nov. 2026", "27 nov. 2026 kl. 08.30", "12,5 %".</summary>
public static class SwedishDates
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
    private static readonly string[] Months = ["jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."];

    public static string MonthAbbreviation(DateOnly date) => Months[date.Month - 1];

    /// <summary>"27 nov. 2026".</summary>
    public static string Short(DateOnly date) => $"{date.Day} {MonthAbbreviation(date)} {date.Year}";

    /// <summary>The Stockholm date of a UTC instant, "27 nov. 2026".</summary>
    public static string Short(DateTime utc) => Short(DateOnly.FromDateTime(Local(utc)));

    /// <summary>"27 nov. 2026 kl. 14.05", Stockholm time, from UTC.</summary>
    public static string ShortWithTime(DateTime utc) => LocalWithTime(Local(utc));

    /// <summary>"27 nov. 2026".</summary>
    public static string Date(DateOnly date) => Short(date);

    /// <summary>"27 nov. 2026 kl. 08.30" for a time that is already Swedish local time.</summary>
    public static string DateTime(DateTime local) => LocalWithTime(local);

    /// <summary>"12,5 %".</summary>
    public static string Percent(double value) => value.ToString("0.0", Swedish) + " %";

    private static string LocalWithTime(DateTime local) => $"{Short(DateOnly.FromDateTime(local))} kl. {local:HH.mm}";

    private static DateTime Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), SwedishTime.Zone);
}
