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
}
