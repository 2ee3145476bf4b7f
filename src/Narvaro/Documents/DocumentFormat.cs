using System.Globalization;

namespace Narvaro.Documents;

/// <summary>Numbers, dates and file names as the documents print them (Swedish).</summary>
public static class DocumentFormat
{
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>One decimal and a space before the sign, as staff read percentages: "12,5 %".</summary>
    public static string Percent(double value) => value.ToString("0.0", Swedish) + " %";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(int year, int month) => new DateOnly(year, month, 1).ToString("MMMM yyyy", Swedish);

    public static string Period(DateOnly from, DateOnly to) => $"{Date(from)} – {Date(to)}";

    /// <summary>A file-name-safe form of a name: letters (å, ä, ö kept), digits and hyphens.</summary>
    public static string FileNamePart(string text) =>
        string.Join("-", text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray()))
            .Where(w => w.Length > 0));
}
