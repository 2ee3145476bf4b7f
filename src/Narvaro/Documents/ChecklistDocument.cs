using Narvaro.Documents.Layout;

namespace Narvaro.Documents;

/// <summary>Bilaga 1, "Checklista för mentor/klasslärare att använda vid upprepad frånvaro" (step 3, 10 % frånvaro).</summary>
public static class ChecklistDocument
{
    public const string Title = "Bilaga 1 Checklista för mentor/klasslärare att använda vid upprepad frånvaro";

    public static readonly IReadOnlyList<string> Questions =
    [
        "1. Sjukdom?",
        "2. Trivs i skolan?",
        "3. Har kamrater?",
        "4. Svårigheter med skolarbetet?",
        "5. Går det att se något mönster i frånvaron?",
    ];

    private static readonly string[] YesNo = ["Ja", "Nej"];

    public static byte[] Render(ChecklistModel model)
    {
        var pupil = model.Pupil;
        var info = PupilDocumentHeader.FormInfo(pupil, "Checklista vid upprepad frånvaro", "Checklista vid upprepad frånvaro", 1, model.Created);
        using var doc = new FlowDocument(info);
        doc.Title(Title);
        doc.Fields(("Elev:", pupil?.PupilName, 0.68f), ("Klass:", pupil?.ClassName, 0.32f));
        doc.Field("Skola:", pupil?.SchoolName);
        var answers = model.Answers;
        doc.Field("Samtal med elev datum:", answers?.TalkWithPupilOn is { } pupilTalk ? DocumentFormat.Date(pupilTalk) : null);
        doc.Field("Samtal med vårdnadshavare datum:", answers?.TalkWithGuardianOn is { } guardianTalk ? DocumentFormat.Date(guardianTalk) : null);
        if (model.Figures is { } figures)
            PupilFigures.Add(doc, figures);

        for (var i = 0; i < Questions.Count; i++)
        {
            var comment = answers is not null && i < answers.QuestionComments.Count ? answers.QuestionComments[i] : null;
            var answer = answers?.AnswerTo(i);
            doc.Question(Questions[i], YesNo, Selected(answer));
            // The crossed box is a drawing; the answer in words makes it readable as text (screen readers, copying).
            if (answer is { } yes)
                doc.FilledText($"Svar: {YesNo[yes ? 0 : 1]}");
            if (i == 4 && model.Pattern is { } pattern && model.Figures is { } period)
                doc.FilledText(PatternText(pattern, period));
            doc.WritingLines("Kommentar:", 2, comment);
        }

        doc.Spacer(6);
        doc.Field("Mentor/klasslärare:", pupil?.MentorName);

        doc.KeepTogether(d =>
        {
            d.Heading("Uppföljning efter en vecka:");
            d.Question("Fortsatt upprepad frånvaro:", YesNo, Selected(model.Answers?.ContinuedAbsence), suffix: "(om ja, anmäl till EHT)");
            if (model.Answers?.ContinuedAbsence is { } continued)
                d.FilledText($"Svar: {YesNo[continued ? 0 : 1]}");
            d.WritingLines("Kommentar:", 2, model.Answers?.FollowUpComment);
        });

        doc.Banner("KOPIA AV CHECKLISTA LÄMNAS TILL REKTOR");

        doc.KeepTogether(d =>
        {
            d.Heading("Uppföljning EHT:");
            d.CheckBox("……………………… kontaktar vårdnadshavare datum ………………………");
            d.CheckBox("Återkoppling till mentor: ansvarig ……………………… datum ………………………");
            d.CheckBox("Ingen ytterligare uppföljning behövs");
            d.WritingLines("Kommentar:", 2, model.Answers?.EhtComment);
        });
        return doc.Render();
    }

    private static int? Selected(bool? answer) => answer switch { true => 0, false => 1, null => null };

    /// <summary>What the attendance data shows for question 5: where absence concentrates, per weekday, lesson and subject.</summary>
    public static string PatternText(AbsencePattern pattern, PeriodFigures figures)
    {
        var period = DocumentFormat.Period(figures.From, figures.To);
        var items = new[] { ("Veckodag", pattern.Weekday), ("Lektion", pattern.Lesson), ("Ämne", pattern.Subject) }
            .Where(i => i.Item2 is not null)
            .Select(i => $"{i.Item1}: mest frånvaro {Where(i.Item1, i.Item2!.Label)} – {DocumentFormat.Percent(i.Item2.AbsencePercent)} " +
                         $"av lektionstiden (ogiltig {DocumentFormat.Percent(i.Item2.InvalidPercent)}), " +
                         $"{i.Item2.ShareOfAbsence.ToString("0", DocumentFormat.Swedish)} % av periodens frånvaro" +
                         (i.Item2.StandsOut ? " (sticker ut)." : "."))
            .ToList();
        if (items.Count == 0)
            return $"Underlag ur närvarodata {period}: ingen frånvaro att se mönster i.";
        var summary = pattern.Any
            ? "Närvarodata visar ett mönster."
            : "Närvarodata visar inget tydligt mönster; frånvaron är jämnt fördelad.";
        return $"Underlag ur närvarodata {period} (frånvaro totalt {DocumentFormat.Percent(pattern.OverallPercent)}): {summary} " +
               string.Join(" ", items);

        static string Where(string dimension, string label) => dimension switch
        {
            "Veckodag" => $"på {label}ar",
            "Lektion" => $"på {label}",
            _ => $"i {label}",
        };
    }
}
