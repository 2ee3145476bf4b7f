using Narvaro.Documents.Layout;

namespace Narvaro.Documents;

/// <summary>Bilaga 3, "Stöd i arbetet för att främja närvaro": the absence level, the analysis questions and the measures (step 4, EHT).</summary>
public static class AnalysDocument
{
    public const string Title = "Bilaga 3. Stöd i arbetet för att främja närvaro";

    public const string Starting = "Utgångspunkten är att alltid att få tillbaka eleven till en normal närvaro i skolan. Handledaren/klassläraren är ansvarig för eleven under hela arbetet.";
    public const string Acute = "Betrakta problematisk skolfrånvaro som ett AKUT problem med risk för allvarliga konsekvenser! Det går inte att vänta med att agera och inte vänta på att andra ska agera först. Viktigt att reagera på ströfrånvaro tidigt!";
    public const string StandingItem = "Frånvaro bör vara en stående punkt vid EHT (Elevhälsoteam).";

    public static readonly IReadOnlyList<(string Phase, string Question)> WorkingOrder =
    [
        ("Kartläggning & Analys", "Hur ser närvaro/frånvarosituationen ut?"),
        ("Bedömning och planering", "Vilka åtgärder och eller extra anpassningar kan sättas in?"),
        ("Genomförande", "Vem eller vilka ska se till att detta genomförs och när?"),
        ("Uppföljning", "Hur mycket närvaro har eleven? Har läget ändrats?"),
    ];

    /// <summary>Each level's description, the plan's first sentences.</summary>
    public static readonly IReadOnlyList<string> LevelDescriptions =
    [
        "Eleven har full närvaro.",
        "Eleven undviker enstaka lektionstillfällen en eller flera gånger per vecka.",
        "Eleven undviker systematiskt att närvara vid lektioner. Det kan handla om specifika ämnen, skolpersonal eller lektionssalar.",
        "Eleven är frånvarande i längre perioder. Eleven är i skolan några dagar per månad.",
        "Eleven är helt frånvarande från skolan under en längre period.",
        "Eleven är isolerad, lämnar sällan eller aldrig hemmet och har stora sociala svårigheter.",
    ];

    public static readonly IReadOnlyList<string> Statements =
    [
        "Elevens frånvaro har ökat",
        "Elevens skolarbete har uteblivit",
        "Eleven har svårt att nå målen i vissa ämnen",
        "Eleven har utvecklat oregelbundna rutiner i skolan",
        "Eleven och vårdnadshavare hamnar i konflikter om skolan",
        "Eleven visar nedstämdhet",
        "Eleven har utvecklat beroenden. t.ex. dator- och tv-spel",
        "Eleven riskerar att inte uppnå slutbetyg",
        "Eleven har tappat tron på sig själv och sin förmåga",
        "Eleven isolerar sig från vänskapskretsen i skolan",
        "Eleven uppvisar en känsla av stark oro inför skolarbete",
        "Eleven visar symptom på tvångsbeteende",
        "Eleven visar trötthetssyndrom",
        "Eleven isolerar sig och undviker kontakt med nära och familj",
    ];

    public const string MeasuresHeading = "Förslag på åtgärder och anpassningar som skolan kan göra:";

    public static readonly IReadOnlyList<(string Title, string Description)> Measures =
    [
        ("a) Tydlig närvaroregistrering", "Skapa en tydlig närvaroregistrering för eleven."),
        ("b) Upprätta dialog med vårdnadshavare", "Ha sms-, mejl- eller telefonkontakt med hemmet."),
        ("c) Hitta intressebaserad undervisning", "Arbeta utifrån elevens intressen"),
        ("d) Kartlägg elevens situation", "Se över vad som kan vara bakomliggande orsaker till elevens frånvaro"),
        ("e) Skapa tydliga rutiner på skolan", "Ge eleven ett tydligt schema med vad den ska göra under dagen."),
        ("f) Upprätta en plan tillsammans med eleven och vårdnadshavare", "Sätt små delmål med eleven t.ex. ämnen att arbeta med, antal timmar i skolan."),
        ("g) Utse en kontaktperson för eleven på skolan", "Det kan vara en kurator, specialpedagog, lärare eller elevassistent."),
        ("h) Upprätta ett åtgärdsprogram", "Skapa tillsammans med vårdnadshavare ett åtgärdsprogram där samtliga insatser anges. Viktigt att lyssna på eleven som ofta har tankar om vad som behövs."),
        ("i) Skapa individuella anpassningar", "Specifika anpassningar, eget schema, eget klassrum."),
        ("j) Skapa en trygg miljö för eleven", "Se om det finns moment i elevens omgivning som eleven upplever som otrygg."),
        ("k) Var flexibel inte kravlös kontakten i med eleven", "Ha sms-, mejl- eller telefonkontakt och lämna utrymme för elevens dagsform."),
        ("l) Koordinera samarbetet i hela nätverket", "Säkerställ att lärare, socialtjänsten, Barn- och ungdomspsykiatri och samtliga instanser är insatta i elevens situation och tillsammans arbetar för elevens närvaro."),
        ("m) Anpassa åtgärderna efter elevens dagsform", "Var flexibel, anpassa åtgärder efter dagsformen och elevens kravkänslighet."),
        ("n) Möt eleven på bibliotek/kafé nära hemmet", "Lämplig lärare åker till ett bibliotek eller ett kafé för att där ha undervisning."),
        ("o) Möt eleven i hemmet", "Lämplig lärare åker hem till eleven för att ha undervisning. En sista åtgärd."),
    ];

    public const string SuggestedMark = "Närvarodata tyder på denna nivå";

    public static byte[] Render(AnalysModel model)
    {
        var pupil = model.Pupil;
        var info = PupilDocumentHeader.FormInfo(pupil, "Analys", "Analys – stöd i arbetet för att främja närvaro", 3, model.Created);
        using var doc = new FlowDocument(info);
        doc.Title(Title);
        doc.Fields(("Elev:", pupil?.PupilName, 0.68f), ("Klass:", pupil?.ClassName, 0.32f));
        doc.Fields(("Skola:", pupil?.SchoolName, 0.68f), ("Datum:", null, 0.32f));
        doc.Paragraph(Starting, size: 9.5f, spaceBefore: 8);
        doc.Paragraph(Acute, bold: true, size: 9.5f, spaceBefore: 6);
        doc.Paragraph(StandingItem, size: 9.5f, spaceBefore: 6);

        doc.KeepTogether(d =>
        {
            d.Heading("Arbetsgång:");
            d.Table([new TableColumn("Steg", 1f), new TableColumn("Fråga", 2.2f)],
                WorkingOrder.Select(w => (IReadOnlyList<TableCell>)[new TableCell(w.Phase, Bold: true), w.Question]));
        });

        if (model.Figures is { } figures)
            PupilFigures.Add(doc, figures);

        doc.Heading("Frånvaronivå");
        if (model.Pupil is not null)
            doc.FilledText(model.SuggestedLevel is { } suggested
                ? $"{SuggestedMark}: {suggested}. {AbsenceLevel.Levels[suggested - 1].Name} (markerad nedan). Elevhälsan bedömer nivån."
                : "Närvarodata räcker inte för att föreslå en nivå. Elevhälsan bedömer nivån.");
        foreach (var (level, name) in AbsenceLevel.Levels)
        {
            var marked = model.SuggestedLevel == level;
            doc.KeepTogether(d =>
            {
                d.CheckBox($"{level}. {name}" + (marked ? $" – {SuggestedMark.ToLowerInvariant()}" : ""), marked, bold: true, spaceBefore: 6);
                d.Note(LevelDescriptions[level - 1], spaceBefore: 0, indent: FlowDocument.CheckBoxIndent);
            });
        }

        doc.PageBreak();
        doc.Heading("Analysfrågor");
        doc.Table(
            [new TableColumn("", 5f), new TableColumn("Stämmer", 1f, Centered: true), new TableColumn("Delvis", 1f, Centered: true), new TableColumn("Ej", 1f, Centered: true)],
            Statements.Select(s => (IReadOnlyList<TableCell>)[s, TableCell.Box(), TableCell.Box(), TableCell.Box()]),
            size: 9.5f);
        doc.Spacer(4);
        doc.WritingLines("Annan situation:", 1);
        doc.WritingLines("Annan situation:", 1);

        doc.Heading(MeasuresHeading);
        foreach (var (title, description) in Measures)
        {
            doc.KeepTogether(d =>
            {
                d.CheckBox(title, bold: true, spaceBefore: 5);
                d.Note(description, spaceBefore: 0, indent: FlowDocument.CheckBoxIndent);
            });
        }
        return doc.Render();
    }
}
