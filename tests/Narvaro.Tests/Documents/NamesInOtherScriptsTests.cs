using System.Text;
using Microsoft.EntityFrameworkCore;
using Narvaro.Documents;
using Narvaro.Documents.Layout;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Documents;

/// <summary>
/// Pupils whose names use letters outside Latin-1: printed with the extended font subset and read back exactly;
/// letters no embedded font has print as "�" and the data service logs a warning (docs/documents.md).
/// </summary>
public class NamesInOtherScriptsTests
{
    private const string Replacement = "\uFFFD";

    public static TheoryData<string> Names => new()
    {
        "Ștefan Popescu",     // Romanian ș/ț (Latin Extended-B)
        "Nguyễn Thị Ánh",     // Vietnamese (Latin Extended Additional)
        "Şükrü Yılmaz",       // Turkish
        "Σοφία Παπαδοπούλου", // Greek
        "Дмитрий Иванов",     // Cyrillic
        "Ahmad Al-Ḥasan",     // h with dot below (Latin Extended Additional)
    };

    private static string Nfc(string text) => text.Normalize(NormalizationForm.FormC);

    private static byte[] Checklist(string name, string? mentor = null) =>
        ChecklistDocument.Render(new ChecklistModel(
            DocumentSamples.Pupil with { PupilName = name, MentorName = mentor ?? DocumentSamples.Pupil.MentorName },
            DocumentSamples.Figures, DocumentSamples.Pattern, DocumentSamples.Created));

    [Theory]
    [MemberData(nameof(Names))]
    public void Checklist_NameOutsideLatin1_TextGivesTheNameBack(string name)
    {
        var flat = Nfc(PdfReader.FlatText(Checklist(name)));

        Assert.Contains($"Elev: {Nfc(name)}", flat);
        Assert.DoesNotContain(Replacement, flat);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FlowDocument_NameInBoldHeadingAndRegularText_TextGivesTheNameBackTwice(string name)
    {
        using var doc = new FlowDocument(new DocumentInfo("Test", "Testskolan", DocumentSamples.Created, "Test", "Testskolan"));
        doc.Heading(name).Paragraph($"Elev: {name}");

        var flat = Nfc(PdfReader.FlatText(doc.Render()));

        Assert.Contains($"{Nfc(name)} Elev: {Nfc(name)}", flat);
    }

    [Fact]
    public void Checklist_DecomposedName_PrintsTheComposedLetters()
    {
        var decomposed = "Nguyễn Thị Ánh".Normalize(NormalizationForm.FormD);
        Assert.NotEqual(Nfc(decomposed), decomposed);

        var flat = PdfReader.FlatText(Checklist(decomposed));

        Assert.Contains("Elev: Nguyễn Thị Ánh", flat);
    }

    [Fact]
    public void Checklist_SwedishNamesOnly_EmbedsOnlyThePrimaryFonts()
    {
        var fonts = PdfReader.Fonts(Checklist("Åsa Öberg-Ängström"));

        Assert.Equal(["DejaVuSans", "DejaVuSans-Bold"], fonts.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Checklist_CyrillicName_EmbedsTheExtendedRegularFontAsWell()
    {
        var swedish = Checklist("Åsa Öberg-Ängström");
        var cyrillic = Checklist("Дмитрий Иванов");

        Assert.Equal(["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Extended"], PdfReader.Fonts(cyrillic).Distinct().Order(StringComparer.Ordinal));
        Assert.True(cyrillic.Length > swedish.Length, $"{cyrillic.Length} bytes with the extended font, {swedish.Length} without");
    }

    [Theory]
    [InlineData("王小明", "王小明")]
    [InlineData("Li 王小明", "王小明")]
    [InlineData("محمد Ali", "محمد")]
    public void Checklist_NameInScriptWithoutFont_PrintsOneReplacementPerLetterAndKeepsTheRest(string name, string uncovered)
    {
        var flat = Nfc(PdfReader.FlatText(Checklist(name)));

        var expected = name.Replace(uncovered, string.Concat(Enumerable.Repeat(Replacement, uncovered.Length)), StringComparison.Ordinal);
        Assert.Contains($"Elev: {expected}", flat);
        Assert.All(uncovered, c => Assert.DoesNotContain(c.ToString(), flat, StringComparison.Ordinal));
    }

    [Fact]
    public void Printable_LetterWithMarkNoFontHas_ReplacesTheWholeLetterOnce()
    {
        // "q" with combining ring above and dot below has no precomposed form; both marks are in the extended font,
        // so it prints. With a Hebrew point (U+05B8, not in the subsets) the letter and its mark become one "�".
        Assert.Equal("q\u0323\u030A", PdfFonts.Printable("q\u030A\u0323"));
        Assert.Equal($"a{Replacement}b", PdfFonts.Printable("aq\u05B8b"));
    }

    [Fact]
    public void Unprintable_MixedText_ListsOnlyTheMissingCharactersOnce()
    {
        var missing = PdfFonts.Unprintable("Åsa Дмитрий 王小王 Ḥ");

        Assert.Equal(["王", "小"], missing.Select(r => r.ToString()));
    }

    [Fact]
    public async Task ForPupilAsync_NameWithoutFont_LogsAWarningWithCodePointsNotTheName()
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var pupil = b.Pupil("CJK-1");
        var sweden = b.Pupil("SE-2");
        foreach (var day in SchoolBuilder.Weekdays(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 30)))
            b.Day(pupil, day).Day(sweden, day);
        await using (var db = database.CreateContext())
        {
            await b.SaveAsync(db);
            await db.Pupils.Where(p => p.ExternalId == "CJK-1").ExecuteUpdateAsync(s => s.SetProperty(p => p.FirstName, "王小明"));
        }
        var logger = new ListLogger<DocumentDataService>();
        await using var context = database.CreateContext();
        var service = new DocumentDataService(context, Services.Measures(context), logger);

        var cjk = await service.ForPupilAsync(pupil.Id, new DateOnly(2026, 10, 30));
        var swedish = await service.ForPupilAsync(sweden.Id, new DateOnly(2026, 10, 30));

        Assert.Equal("王小明 CJK-1", cjk!.Header.PupilName);
        Assert.NotNull(swedish);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains($"Pupil {pupil.Id}:", warning.Message);
        Assert.Contains("U+738B U+5C0F U+660E", warning.Message);
        Assert.DoesNotContain("王", warning.Message);
    }
}
