using Narvaro.Documents;

namespace Narvaro.Tests.Documents;

/// <summary>Each form rendered and read back with pdftotext: the plan's fixed text, Swedish letters, the prefilled values, pages.</summary>
public class RenderedFormsTests
{
    private static readonly string[] SwedishLetters = ["å", "ä", "ö", "Å", "Ä", "Ö", "é"];

    private static void AssertPhrases(string flat, IEnumerable<string> phrases)
    {
        var missing = phrases.Select(PdfReader.Collapse).Where(p => !flat.Contains(p, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Missing from the PDF text:\n" + string.Join("\n", missing) + "\n---\n" + flat);
    }

    private static readonly string[] ChecklistPhrases =
    [
        ChecklistDocument.Title, "Elev:", "Samtal med elev datum:", "Samtal med vårdnadshavare datum:",
        .. ChecklistDocument.Questions, "Kommentar:", "Ja", "Nej", "Mentor/klasslärare:", "Uppföljning efter en vecka:",
        "Fortsatt upprepad frånvaro:", "(om ja, anmäl till EHT)", "KOPIA AV CHECKLISTA LÄMNAS TILL REKTOR", "Uppföljning EHT:",
        "kontaktar vårdnadshavare datum", "Återkoppling till mentor: ansvarig", "datum", "Ingen ytterligare uppföljning behövs",
    ];

    [Fact]
    public void Checklist_Blank_HasEveryPhraseOfBilaga1OnTwoPages()
    {
        var pdf = ChecklistDocument.Render(new ChecklistModel(null, null, null, DocumentSamples.Created));

        AssertPhrases(PdfReader.FlatText(pdf), [.. ChecklistPhrases, "Sida 1 av 2", "Sida 2 av 2"]);
        Assert.Equal(2, PdfReader.PageCount(pdf));
        Assert.Equal(5, CountOf(PdfReader.FlatText(pdf), "Kommentar:") - 2);
    }

    [Fact]
    public void Checklist_Prefilled_ShowsPupilFiguresAndPatternWithSwedishLetters()
    {
        var pdf = ChecklistDocument.Render(new ChecklistModel(DocumentSamples.Pupil, DocumentSamples.Figures, DocumentSamples.Pattern, DocumentSamples.Created));
        var flat = PdfReader.FlatText(pdf);

        AssertPhrases(flat, [.. ChecklistPhrases,
            "Åsa Öberg-Ängström", "8Ä", "René Sjöström", "Tofsvipans skola", "2026-10-01 – 2026-10-30",
            "17,3 %", "6,5 %", "ankomster", "22",
            "mest frånvaro på måndagar – 48,0 % av lektionstiden (ogiltig 20,0 %)", "Idrott och hälsa", "lektionen kl. 08:00",
            "Närvarodata visar ett mönster."]);
        foreach (var letter in SwedishLetters) Assert.Contains(letter, flat);
        Assert.Equal(2, PdfReader.PageCount(pdf));
        var info = PdfReader.Info(pdf);
        Assert.Matches(@"Title:\s+Checklista vid upprepad frånvaro – Åsa Öberg-Ängström", info);
        Assert.Matches(@"Author:\s+Tofsvipans skola", info);
        Assert.Contains("CreationDate:", info);
        Assert.Contains("2026", info.Split('\n').Single(l => l.StartsWith("CreationDate:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Checklist_LongComment_WrapsOntoTheNextPageInOrderWithoutOverlap()
    {
        // 400 numbered words: enough to run past the first page from question 1.
        var words = Enumerable.Range(1, 400).Select(i => $"ord{i}ÅÄÖé").ToList();
        var comment = string.Join(" ", words);
        var answers = new ChecklistAnswers([comment, null, null, null, "Kort svar om mönster."]);
        var pdf = ChecklistDocument.Render(new ChecklistModel(DocumentSamples.Pupil, DocumentSamples.Figures, DocumentSamples.Pattern, DocumentSamples.Created, answers));

        var flat = PdfReader.FlatText(pdf);
        var found = flat.Split(' ').Where(w => w.StartsWith("ord", StringComparison.Ordinal)).ToList();
        Assert.Equal(words, found);
        Assert.Contains("Kort svar om mönster.", flat);
        AssertPhrases(flat, ChecklistPhrases);
        Assert.Equal(3, PdfReader.PageCount(pdf));

        var pages = PdfReader.Text(pdf).Split('\f');
        // The comment starts on the first page and continues on the next.
        Assert.Contains("ord1ÅÄÖé", pages[0]);
        Assert.DoesNotContain("ord400ÅÄÖé", pages[0]);
        Assert.Contains(pages.Skip(1), p => p.Contains("ord400ÅÄÖé", StringComparison.Ordinal));

        var blocks = PdfReader.Blocks(pdf);
        foreach (var page in blocks.GroupBy(b => b.Page))
        {
            var list = page.ToList();
            for (var i = 0; i < list.Count; i++)
                for (var j = i + 1; j < list.Count; j++)
                {
                    var (a, b) = (list[i], list[j]);
                    var overlap = a.XMin < b.XMax && b.XMin < a.XMax && a.YMin < b.YMax && b.YMin < a.YMax;
                    Assert.False(overlap, $"Page {page.Key}: \"{a.Text}\" overlaps \"{b.Text}\"");
                }
            // Nothing runs into the header or the footer.
            Assert.All(list.Where(b => b.YMin > 50 && b.YMax < Narvaro.Documents.Layout.FlowDocument.PageHeight - 50),
                b => Assert.InRange(b.YMax, Narvaro.Documents.Layout.FlowDocument.ContentTop, Narvaro.Documents.Layout.FlowDocument.ContentBottom));
        }
    }

    [Fact]
    public void Kartlaggning_Prefilled_HasTheFourAreasApprovalAndSignatures()
    {
        var pdf = SkolsocialKartlaggningDocument.Render(new KartlaggningModel(DocumentSamples.Pupil, DocumentSamples.Created));
        var flat = PdfReader.FlatText(pdf);

        AssertPhrases(flat, [
            SkolsocialKartlaggningDocument.Title, .. SkolsocialKartlaggningDocument.Introduction, SkolsocialKartlaggningDocument.AreasHeading,
            .. SkolsocialKartlaggningDocument.Areas.SelectMany(a => new[] { a.Question, a.Prompt }),
            "Namn Skolkurator", SkolsocialKartlaggningDocument.Approval, SkolsocialKartlaggningDocument.SharedAtEht, "Elevens namn",
            "Kartläggningen lämnas till rektor", "(datum)", "Datum",
            "Åsa Öberg-Ängström", "8Ä", "Tofsvipans skola", "René Sjöström"]);
        foreach (var letter in SwedishLetters) Assert.Contains(letter, flat);
        Assert.Equal(2, PdfReader.PageCount(pdf));
    }

    [Fact]
    public void Kartlaggning_LongNotes_FlowOntoMorePagesWithoutLoss()
    {
        var notes = Enumerable.Range(0, 4).Select(a => string.Join(" ", Enumerable.Range(1, 150).Select(i => $"o{a}w{i}"))).ToList();
        var pdf = SkolsocialKartlaggningDocument.Render(new KartlaggningModel(DocumentSamples.Pupil, DocumentSamples.Created, notes));

        var found = PdfReader.FlatText(pdf).Split(' ').Where(w => w.Length > 3 && w[0] == 'o' && w[2] == 'w').ToList();
        Assert.Equal(notes.SelectMany(n => n.Split(' ')), found);
        Assert.True(PdfReader.PageCount(pdf) > 2);
    }

    [Fact]
    public void Analys_Prefilled_MarksTheSuggestedLevelAndListsStatementsAndMeasures()
    {
        var pdf = AnalysDocument.Render(new AnalysModel(DocumentSamples.Pupil, DocumentSamples.Figures, DocumentSamples.Pattern, 3, DocumentSamples.Created));
        var flat = PdfReader.FlatText(pdf);

        AssertPhrases(flat, [
            AnalysDocument.Title, AnalysDocument.Starting, AnalysDocument.Acute, AnalysDocument.StandingItem,
            .. AnalysDocument.WorkingOrder.SelectMany(w => new[] { w.Phase, w.Question }),
            .. AbsenceLevel.Levels.Select(l => $"{l.Level}. {l.Name}"), .. AnalysDocument.LevelDescriptions,
            "Analysfrågor", "Stämmer", "Delvis", "Ej", .. AnalysDocument.Statements, "Annan situation:",
            AnalysDocument.MeasuresHeading, .. AnalysDocument.Measures.SelectMany(m => new[] { m.Title, m.Description }),
            "3. SYSTEMATISK FRÅNVARO – närvarodata tyder på denna nivå", "Närvarodata tyder på denna nivå: 3. SYSTEMATISK FRÅNVARO",
            "Åsa Öberg-Ängström", "17,3 %"]);
        Assert.Equal(1, CountOf(flat, "närvarodata tyder på denna nivå"));
        Assert.Equal(2, CountOf(flat, "Annan situation:"));
        foreach (var letter in SwedishLetters) Assert.Contains(letter, flat);
        Assert.Equal(3, PdfReader.PageCount(pdf));
    }

    [Fact]
    public void Analys_Blank_MarksNoLevel()
    {
        var pdf = AnalysDocument.Render(new AnalysModel(null, null, null, null, DocumentSamples.Created));
        var flat = PdfReader.FlatText(pdf);

        AssertPhrases(flat, [AnalysDocument.Title, .. AnalysDocument.Statements]);
        Assert.DoesNotContain("tyder på denna nivå", flat);
    }

    [Fact]
    public void Render_SameModelTwice_GivesTheSameText()
    {
        var model = new ChecklistModel(DocumentSamples.Pupil, DocumentSamples.Figures, DocumentSamples.Pattern, DocumentSamples.Created);

        Assert.Equal(PdfReader.Text(ChecklistDocument.Render(model)), PdfReader.Text(ChecklistDocument.Render(model)));
    }

    private static int CountOf(string text, string phrase)
    {
        var count = 0;
        for (var i = text.IndexOf(phrase, StringComparison.Ordinal); i >= 0; i = text.IndexOf(phrase, i + phrase.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
