using System.Globalization;
using Narvaro.Domain;

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
        return $"{birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{birthNumber:000}{PersonalIdentity.LuhnCheckDigit(nineDigits)}";
    }
}
