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
    public static bool TryParseDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>HH:MM (a single-digit hour is accepted too, as spreadsheets write it).</summary>
    public static bool TryParseTime(string value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    [GeneratedRegex("^([0-9]{6}|[0-9]{8})[-+]?[0-9]{4}$")]
    private static partial Regex PersonalIdentityNumberPattern();
}
