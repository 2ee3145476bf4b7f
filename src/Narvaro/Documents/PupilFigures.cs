using Narvaro.Documents.Layout;

namespace Narvaro.Documents;

/// <summary>The period's figures as a small table, printed on the pupil's forms.</summary>
internal static class PupilFigures
{
    public static void Add(FlowDocument doc, PeriodFigures figures)
    {
        doc.KeepTogether(d =>
        {
            d.Heading("Frånvaro enligt närvarodata", 10.5f);
            d.Table(
                [
                    new TableColumn("Period", 2.2f),
                    new TableColumn("Skoldagar", 1f, AlignRight: true),
                    new TableColumn("Frånvaro", 1.1f, AlignRight: true),
                    new TableColumn("Varav ogiltig frånvaro", 1.5f, AlignRight: true),
                    new TableColumn("Sena ankomster", 1.2f, AlignRight: true),
                ],
                [
                    [
                        DocumentFormat.Period(figures.From, figures.To),
                        figures.SchoolDays.ToString(DocumentFormat.Swedish),
                        DocumentFormat.Percent(figures.AbsencePercent),
                        DocumentFormat.Percent(figures.InvalidPercent),
                        figures.LateArrivals.ToString(DocumentFormat.Swedish),
                    ],
                ]);
        });
    }
}
