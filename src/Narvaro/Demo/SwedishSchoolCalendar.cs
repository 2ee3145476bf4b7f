using System.Globalization;

namespace Narvaro.Demo;

/// <summary>
/// A typical Swedish compulsory-school year, for generating demo data. Pure: every answer depends on the date only.
/// <list type="bullet">
/// <item>Höstterm: Monday of ISO week 34 through 20 December.</item>
/// <item>Vårterm: 8 January through Friday of ISO week 24 (mid-June).</item>
/// <item>Jullov: the days between the terms.</item>
/// <item>Höstlov: ISO week 44.</item>
/// <item>Sportlov: ISO week 8 (as in Södermanland and Stockholm; many other counties use week 7 or 9).</item>
/// <item>Påsklov: the week after Easter Sunday, annandag påsk through Friday.</item>
/// <item>Red days: the public holidays and the eves schools treat as holidays.</item>
/// </list>
/// Real municipalities move these by a few days (studiedagar, klämdagar); the demo does not need that precision.
/// </summary>
public static class SwedishSchoolCalendar
{
    public const int SportlovWeek = 8;
    public const int HostlovWeek = 44;

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>Midsommarafton: the Friday between 19 and 25 June.</summary>
    public static DateOnly MidsummerEve(int year)
    {
        var date = new DateOnly(year, 6, 19);
        while (date.DayOfWeek != DayOfWeek.Friday)
            date = date.AddDays(1);
        return date;
    }

    /// <summary>Public holidays and holiday eves on which there is no school, with their Swedish names.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> RedDays(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            (new DateOnly(year, 1, 1), "Nyårsdagen"),
            (new DateOnly(year, 1, 6), "Trettondedag jul"),
            (easter.AddDays(-2), "Långfredagen"),
            (easter, "Påskdagen"),
            (easter.AddDays(1), "Annandag påsk"),
            (new DateOnly(year, 5, 1), "Första maj"),
            (easter.AddDays(39), "Kristi himmelsfärds dag"),
            (new DateOnly(year, 6, 6), "Sveriges nationaldag"),
            (MidsummerEve(year), "Midsommarafton"),
            (new DateOnly(year, 12, 24), "Julafton"),
            (new DateOnly(year, 12, 25), "Juldagen"),
            (new DateOnly(year, 12, 26), "Annandag jul"),
            (new DateOnly(year, 12, 31), "Nyårsafton"),
        ];
    }

    public static bool IsRedDay(DateOnly date)
    {
        foreach (var (day, _) in RedDays(date.Year))
            if (day == date)
                return true;
        return false;
    }

    public static int IsoWeek(DateOnly date) => ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue));

    public static DateOnly AutumnTermStart(int year) =>
        DateOnly.FromDateTime(ISOWeek.ToDateTime(year, 34, DayOfWeek.Monday));

    public static DateOnly AutumnTermEnd(int year) => new(year, 12, 20);

    public static DateOnly SpringTermStart(int year) => new(year, 1, 8);

    public static DateOnly SpringTermEnd(int year) =>
        DateOnly.FromDateTime(ISOWeek.ToDateTime(year, 24, DayOfWeek.Friday));

    /// <summary>Whether the date lies within a term (holidays inside the term are not considered).</summary>
    public static bool IsInTerm(DateOnly date) =>
        (date >= SpringTermStart(date.Year) && date <= SpringTermEnd(date.Year))
        || (date >= AutumnTermStart(date.Year) && date <= AutumnTermEnd(date.Year));

    /// <summary>Höstlov, sportlov or påsklov (jullov and sommarlov lie outside the terms).</summary>
    public static bool IsInTermBreak(DateOnly date)
    {
        var week = IsoWeek(date);
        if (week is HostlovWeek or SportlovWeek) return true;
        var easterMonday = EasterSunday(date.Year).AddDays(1);
        return date >= easterMonday && date <= easterMonday.AddDays(4);
    }

    public static bool IsSchoolDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && IsInTerm(date)
        && !IsInTermBreak(date)
        && !IsRedDay(date);

    /// <summary>The school days from <paramref name="from"/> through <paramref name="to"/>, both included, in order.</summary>
    public static IEnumerable<DateOnly> SchoolDays(DateOnly from, DateOnly to)
    {
        for (var date = from; date <= to; date = date.AddDays(1))
            if (IsSchoolDay(date))
                yield return date;
    }

    public static int CountSchoolDays(DateOnly from, DateOnly to) => SchoolDays(from, to).Count();

    /// <summary>
    /// The latest date such that [result, <paramref name="to"/>] holds <paramref name="schoolDays"/> school days;
    /// the result is itself a school day.
    /// </summary>
    public static DateOnly StartOfSchoolDays(DateOnly to, int schoolDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(schoolDays, 1);
        var date = to;
        var found = 0;
        while (true)
        {
            if (IsSchoolDay(date) && ++found == schoolDays)
                return date;
            date = date.AddDays(-1);
        }
    }
}
