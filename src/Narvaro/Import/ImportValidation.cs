using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Narvaro.Domain;

namespace Narvaro.Import;

/// <summary>Field checks shared by the importers; pure functions.</summary>
public static partial class ImportValidation
{
    /// <summary>Identity's column length for e-mail addresses.</summary>
    public const int MaxEmailLength = 256;

    /// <summary>Skolenhetskod: exactly 8 digits (Skolverket's school unit register).</summary>
    public static bool IsSchoolUnitCode(string value) => value.Length == 8 && value.All(char.IsAsciiDigit);

    /// <summary>Årskurs "F" (förskoleklass) or 1–9; returns the stored form ("F", "1" … "9") or null.</summary>
    public static string? NormalizeGradeLevel(string value) => value.ToUpperInvariant() switch
    {
        "F" => "F",
        [>= '1' and <= '9'] => value,
        _ => null,
    };

    /// <summary>A plain address (no display name), with a dot in the domain, that fits the Identity column.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= MaxEmailLength
        && !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.')
        && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');

    /// <summary>
    /// Personnummer or samordningsnummer: 10 or 12 digits, optionally "-" or "+" before the last four,
    /// whose last digit is the Luhn check digit of the ten-digit form.
    /// </summary>
    public static bool IsPersonalIdentityNumber(string value)
    {
        return PersonalIdentityNumberPattern().IsMatch(value) && PersonalIdentity.HasValidCheckDigit(value);
    }

    /// <summary>ISO date that exists in the calendar.</summary>
    public static bool TryParseDate(string value, out DateOnly date) => TryParseDate(value.AsSpan(), out date);

    /// <summary>yyyy-MM-dd with ASCII digits, as DateOnly.TryParseExact reads it, without its per-call cost.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> value, out DateOnly date)
    {
        date = default;
        if (value.Length != 10 || value[4] != '-' || value[7] != '-'
            || !TryDigits(value[..4], out var year) || !TryDigits(value.Slice(5, 2), out var month) || !TryDigits(value.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>HH:MM (a single-digit hour is accepted too, as spreadsheets write it).</summary>
    public static bool TryParseTime(string value, out TimeOnly time) => TryParseTime(value.AsSpan(), out time);

    /// <summary>H:mm or HH:mm with ASCII digits, hours 0–23, as TimeOnly.TryParseExact reads them.</summary>
    public static bool TryParseTime(ReadOnlySpan<char> value, out TimeOnly time)
    {
        time = default;
        var colon = value.Length - 3;
        if (colon is < 1 or > 2 || value[colon] != ':'
            || !TryDigits(value[..colon], out var hour) || !TryDigits(value[(colon + 1)..], out var minute)
            || hour > 23 || minute > 59)
            return false;
        time = new TimeOnly(hour, minute);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>How a value from the file is quoted in a message: cut short, since a field can be 64 KiB of junk.</summary>
    public static string Shown(ReadOnlySpan<char> value) =>
        value.Length <= MaxShownLength ? value.ToString() : string.Concat(value[..MaxShownLength], "…");

    public const int MaxShownLength = 60;

    [GeneratedRegex("^([0-9]{6}|[0-9]{8})[-+]?[0-9]{4}$")]
    private static partial Regex PersonalIdentityNumberPattern();
}
