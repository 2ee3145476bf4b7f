using Narvaro.Documents.Layout;

namespace Narvaro.Documents;

/// <summary>Bilaga 2, "Skolsocial kartläggning – skolfrånvaro": the skolkurator's conversation with the pupil (step 4).</summary>
public static class SkolsocialKartlaggningDocument
{
    public const string Title = "Bilaga 2 Skolsocial kartläggning – skolfrånvaro";

    public static readonly IReadOnlyList<string> Introduction =
    [
        "Skolkurator gör en skolsocial kartläggning. Syftet med den är att få fram elevens syn på sin skol- och livssituation, med fokus på skolsituationen.",
        "En skolsocial kartläggning är mindre omfattande än en skolsocial utredning. Varken bedömning eller nätverkets uppfattning ingår i kartläggningen.",
        "Innan beslut om skolsocial kartläggning har mentor/klasslärare både ringt hem till vårdnadshavaren samt haft ett möte på skolan. Vårdnadshavaren ges därigenom möjlighet att lämna sin syn på skolfrånvaron.",
        "Metoden för skolsocial kartläggning är ett samtal mellan kurator och elev, som sträcker sig över ungefär en timma. Eleven ges sedan möjlighet att läsa igenom och skriftligen godkänna att kartläggningen läses upp vid EHT (elevhälsoteamet).",
        "Om eleven inte kommer på erbjuden tid för kartläggning, vid tre olika tillfällen, informeras rektor för vidare beslut.",
    ];

    public const string AreasHeading = "Frågor/områden som diskuteras i kurators samtal med eleven";

    public static readonly IReadOnlyList<(string Question, string Prompt)> Areas =
    [
        ("Hur upplever du din situation i skolan, pedagogiskt och socialt?",
         "(skolarbete, vad har fungerat/fungerar idag, svårigheter, orsak till frånvaron, relation/samspel med skolpersonal och elever under lektioner och raster)"),
        ("Hur mår du känslomässigt?",
         "(självförtroende, självkänsla, identitet, stress, sömn, mat, framtidsbild, magont och huvudvärk)"),
        ("Hur ser din hem- och fritidssituation ut?",
         "(familjebild, hemförhållanden, nätverk och fritid)"),
        ("Vad tycker du att du behöver för stöd för att frånvaro skall bli närvaro?",
         "(vad kan skolan göra, du själv, föräldrarna)"),
    ];

    public const string Approval = "Har tagit del av kartläggningen och godkänner att den lämnas till rektor.";
    public const string SharedAtEht = "Kartläggningen kommer att delges på nästa EHT.";

    public static byte[] Render(KartlaggningModel model)
    {
        var pupil = model.Pupil;
        var info = PupilDocumentHeader.FormInfo(pupil, "Skolsocial kartläggning", "Skolsocial kartläggning – skolfrånvaro", 2, model.Created);
        using var doc = new FlowDocument(info);
        doc.Title(Title);
        doc.Fields(("Elev:", pupil?.PupilName, 0.68f), ("Klass:", pupil?.ClassName, 0.32f));
        doc.Fields(("Skola:", pupil?.SchoolName, 0.68f), ("Mentor:", pupil?.MentorName, 0.32f));
        if (model.Version is { } version)
            doc.Fields(("Registrerad version:", version.ToString(DocumentFormat.Swedish), 0.5f),
                ("Kartläggningen gjord:", model.DoneOn is { } on ? DocumentFormat.Date(on) : null, 0.5f));
        if (model.Figures is { } figures)
            PupilFigures.Add(doc, figures);
        doc.Spacer(4);
        foreach (var paragraph in Introduction)
            doc.Paragraph(paragraph, size: 9.5f, spaceBefore: 5);

        doc.Heading(AreasHeading, 12f);
        for (var i = 0; i < Areas.Count; i++)
        {
            var note = model.AreaNotes is { } notes && i < notes.Count ? notes[i] : null;
            doc.Heading(Areas[i].Question, 10.5f);
            doc.Note(Areas[i].Prompt);
            doc.WritingLines("", 7, note);
        }

        doc.KeepTogether(d =>
        {
            d.Spacer(10);
            d.Fields(("Skola:", pupil?.SchoolName, 0.64f), ("Datum:", model.DoneOn is { } doneOn ? DocumentFormat.Date(doneOn) : null, 0.36f));
            if (model.DoneByName is { } kurator)
                d.Field("Skolkurator:", kurator);
            d.Signatures("Namn Skolkurator");
            d.Spacer(8);
            d.Paragraph(Approval);
            d.Paragraph(SharedAtEht, spaceBefore: 1);
            if (model.Version is not null)
                d.Field("Elevens godkännande:", model.PupilConsentOn is { } consentOn
                    ? $"Ja, {DocumentFormat.Date(consentOn)}"
                    : "Inte godkänt");
            d.Signatures("Elevens namn");
            d.Spacer(8);
            d.Field("Kartläggningen lämnas till rektor (datum):");
        });
        return doc.Render();
    }
}
