namespace Narvaro.Domain;

public static class PersonalIdentity
{
    /// <summary>Shows a personnummer as birth date only, e.g. "20150312-****"; never the last four digits.</summary>
    public static string Mask(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return "";
        var digits = new string(number.Where(char.IsDigit).ToArray());
        return digits.Length switch
        {
            12 => $"{digits[..8]}-****",
            10 => $"{digits[..6]}-****",
            _ => "****",
        };
    }

    /// <summary>The digit that makes the ten digits YYMMDDNNNC pass the Luhn test (Skatteverket SKV 704).</summary>
    public static int LuhnCheckDigit(ReadOnlySpan<char> nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < nineDigits.Length; i++)
        {
            var product = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>Whether a personnummer of 10 or 12 digits (separators ignored) ends with its Luhn check digit.</summary>
    public static bool HasValidCheckDigit(string number)
    {
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 12) digits = digits[2..];
        return digits.Length == 10 && LuhnCheckDigit(digits.AsSpan(0, 9)) == digits[9] - '0';
    }
}
