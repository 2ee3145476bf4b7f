using System.Globalization;

namespace Narvaro.Demo;

/// <summary>Synthetic personnummer "YYYYMMDD-NNNC" with a valid Luhn check digit (Skatteverket SKV 704).</summary>
internal static class SyntheticPersonalIdentity
{
    /// <summary>The birth number's third digit is odd for boys and even for girls.</summary>
    public static string Create(DateOnly birthDate, bool male, Random random)
    {
        var genderDigit = random.Next(5) * 2 + (male ? 1 : 0);
        var birthNumber = random.Next(100) * 10 + genderDigit;
        var nineDigits = birthDate.ToString("yyMMdd", CultureInfo.InvariantCulture) + birthNumber.ToString("000", CultureInfo.InvariantCulture);
        return $"{birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{birthNumber:000}{LuhnCheckDigit(nineDigits)}";
    }

    /// <summary>The digit that makes the ten digits YYMMDDNNNC pass the Luhn test.</summary>
    public static int LuhnCheckDigit(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < nineDigits.Length; i++)
        {
            var product = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>Whether the last ten digits of a personnummer pass the Luhn test.</summary>
    public static bool IsValid(string number)
    {
        var digits = new string(number.Where(char.IsDigit).ToArray());
        if (digits.Length == 12) digits = digits[2..];
        return digits.Length == 10 && LuhnCheckDigit(digits[..9]) == digits[9] - '0';
    }
}
