using Narvaro.Import;

namespace Narvaro.Tests.Import;

public class ImportValidationTests
{
    [Theory]
    [InlineData("121212-1212")]
    [InlineData("1212121212")]
    [InlineData("811218-9876")]
    [InlineData("19811218-9876")]
    [InlineData("198112189876")]
    [InlineData("121212+1212")]
    [InlineData("701063-2391")] // samordningsnummer (day + 60)
    public void IsPersonalIdentityNumber_ValidNumber_ReturnsTrue(string value) =>
        Assert.True(ImportValidation.IsPersonalIdentityNumber(value));

    [Theory]
    [InlineData("811218-9875")] // wrong check digit
    [InlineData("19811218-9875")]
    [InlineData("81121-89876")] // separator in the wrong place
    [InlineData("81121898761")] // 11 digits
    [InlineData("8112189876a")]
    [InlineData("811218 9876")]
    [InlineData("١٢١٢١٢-١٢١٢")] // non-ASCII digits
    [InlineData("")]
    public void IsPersonalIdentityNumber_InvalidNumber_ReturnsFalse(string value) =>
        Assert.False(ImportValidation.IsPersonalIdentityNumber(value));

    [Theory]
    [InlineData("anna.larsson@ekskolan.se", true)]
    [InlineData("a+b@trosa.se", true)]
    [InlineData("anna@", false)]
    [InlineData("anna", false)]
    [InlineData("anna@localhost", false)]
    [InlineData("anna larsson@ekskolan.se", false)]
    [InlineData("Anna <anna@ekskolan.se>", false)]
    [InlineData("anna@@ekskolan.se", false)]
    public void IsEmail_Value_ReturnsExpected(string value, bool expected) =>
        Assert.Equal(expected, ImportValidation.IsEmail(value));

    [Theory]
    [InlineData("F", "F")]
    [InlineData("f", "F")]
    [InlineData("1", "1")]
    [InlineData("9", "9")]
    [InlineData("0", null)]
    [InlineData("10", null)]
    [InlineData("", null)]
    [InlineData("Fk", null)]
    public void NormalizeGradeLevel_Value_ReturnsStoredFormOrNull(string value, string? expected) =>
        Assert.Equal(expected, ImportValidation.NormalizeGradeLevel(value));

    [Theory]
    [InlineData("12345678", true)]
    [InlineData("1234567", false)]
    [InlineData("123456789", false)]
    [InlineData("1234567a", false)]
    public void IsSchoolUnitCode_Value_ReturnsExpected(string value, bool expected) =>
        Assert.Equal(expected, ImportValidation.IsSchoolUnitCode(value));

    [Theory]
    [InlineData("2026-09-01", true)]
    [InlineData("2028-02-29", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-9-1", false)]
    [InlineData("01/09/2026", false)]
    public void TryParseDate_Value_AcceptsOnlyRealIsoDates(string value, bool expected) =>
        Assert.Equal(expected, ImportValidation.TryParseDate(value, out _));

    [Theory]
    [InlineData("08:15", true)]
    [InlineData("8:15", true)]
    [InlineData("23:59", true)]
    [InlineData("24:00", false)]
    [InlineData("08.15", false)]
    [InlineData("08:15:00", false)]
    public void TryParseTime_Value_AcceptsHoursAndMinutes(string value, bool expected) =>
        Assert.Equal(expected, ImportValidation.TryParseTime(value, out _));
}

/// <summary>The hand-written date and time parsers accept exactly what the framework's exact parsers accept.</summary>
public class ImportValidationParserEquivalenceTests
{
    private static IEnumerable<string> Candidates(Random random, string alphabet, int maxLength, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(maxLength + 1);
            yield return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }
    }

    [Fact]
    public void TryParseDate_AgreesWithDateOnlyTryParseExact()
    {
        var random = new Random(5);
        var values = Candidates(random, "0123456789-", 11, 50_000)
            .Concat(Enumerable.Range(0, 3000).Select(i => new DateOnly(2024, 1, 1).AddDays(i - 400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(["2026-02-29", "2028-02-29", "2100-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2026-00-10", "2026-12-32",
                     " 2026-01-01", "2026-01-01 ", "٢٠٢٦-٠١-٠١", "2026/01/01", "+026-01-01"]);
        var accepted = 0;
        foreach (var value in values)
        {
            var expected = DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var expectedDate);
            var actual = ImportValidation.TryParseDate(value.AsSpan(), out var actualDate);
            Assert.True(expected == actual, $"\"{value}\": framework {expected}, ours {actual}");
            if (expected) Assert.Equal(expectedDate, actualDate);
            if (actual) accepted++;
        }
        Assert.True(accepted > 3000);
    }

    [Fact]
    public void TryParseTime_AgreesWithTimeOnlyTryParseExact()
    {
        var random = new Random(6);
        var values = Candidates(random, "0123456789:", 6, 50_000)
            .Concat(Enumerable.Range(0, 24 * 60).Select(m => $"{m / 60}:{m % 60:D2}"))
            .Concat(Enumerable.Range(0, 24 * 60).Select(m => $"{m / 60:D2}:{m % 60:D2}"))
            .Concat(["24:00", "23:60", "-1:00", " 8:00", "8:00 ", "08:0", "008:00", "8:000", "٠٨:٠٠"]);
        var accepted = 0;
        foreach (var value in values)
        {
            var expected = TimeOnly.TryParseExact(value, ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var expectedTime);
            var actual = ImportValidation.TryParseTime(value.AsSpan(), out var actualTime);
            Assert.True(expected == actual, $"\"{value}\": framework {expected}, ours {actual}");
            if (expected) Assert.Equal(expectedTime, actualTime);
            if (actual) accepted++;
        }
        Assert.True(accepted >= 2 * 24 * 60);
    }
}
