using Narvaro.Documents.Layout;

namespace Narvaro.Documents;

/// <summary>
/// The monthly list to the skolchef (the staircase's top step: "Rektor anmäler till skolchef månadsvis"):
/// per school, the pupils above the threshold in the month, their figures, case step and reports made.
/// </summary>
public static class MonthlyReportDocument
{
    public const string Title = "Månadsrapport till skolchef";

    public static byte[] Render(MonthlyReportModel model)
    {
        var month = DocumentFormat.Month(model.Year, model.Month);
        var threshold = model.ThresholdPercent.ToString("0.##", DocumentFormat.Swedish);
        var info = new DocumentInfo(
            $"{Title} – {month}",
            model.OrganisationName.Length > 0 ? model.OrganisationName : "Närvaro",
            model.Created,
            $"{Title} – {month}",
            model.OrganisationName);
        using var doc = new FlowDocument(info);
        doc.Title($"{Title} – frånvaro över {threshold} % ({month})");
        doc.Paragraph($"Huvudman: {model.OrganisationName}", bold: true);
        doc.Paragraph($"Elever med mer än {threshold} % frånvaro under {month}, per skola. Vid ytterligare upprepad frånvaro " +
                      $"(> {threshold} % /månad) gör rektor anmälan till skolchef. Frånvaron räknas som missad undervisning, " +
                      "oavsett om skälen är giltiga eller ogiltiga.", size: 9.5f);
        doc.Note($"Underlaget skapades {DocumentFormat.Date(DateOnly.FromDateTime(model.Created))}. " +
                 $"Antal elever: {model.Schools.Sum(s => s.Pupils.Count)}. Antal skolor: {model.Schools.Count}.");
        doc.Note("Anmälningar: Huvudman = anmälan till huvudmannen att utredning av frånvaron har inletts (SL 7 kap. 19 a §); " +
                 "Skolchef = rektors anmälan till skolchef; Skolsociala teamet = kontakt med skolkontorets samordnare, enskild handlingsplan; " +
                 "Skolchef och socialtjänst = ogiltig sammanhängande frånvaro mer än 2 veckor; Orosanmälan = oro för frånvaro kvarstår (steg 7).");

        foreach (var school in model.Schools)
        {
            doc.Heading($"{school.Name} (skolenhetskod {school.SchoolUnitCode})", 12f);
            if (school.Pupils.Count == 0)
            {
                doc.Paragraph($"Inga elever med mer än {threshold} % frånvaro under månaden.", size: 9.5f);
                continue;
            }
            doc.Table(
                [
                    new TableColumn("Elev", 1.6f),
                    new TableColumn("Klass", 0.7f),
                    new TableColumn("Frånvaro", 1.05f, AlignRight: true),
                    new TableColumn("Ogiltig", 1.0f, AlignRight: true),
                    new TableColumn("Sena ank.", 0.95f, AlignRight: true),
                    new TableColumn("Steg, ärende sedan", 1.4f),
                    new TableColumn("Anmälningar och datum", 4.4f),
                ],
                school.Pupils.Select(p => (IReadOnlyList<TableCell>)
                [
                    $"{p.Name}\n{p.ExternalId}",
                    p.ClassName,
                    DocumentFormat.Percent(p.AbsencePercent),
                    DocumentFormat.Percent(p.InvalidPercent),
                    p.LateArrivals.ToString(DocumentFormat.Swedish),
                    p.Step is { } step
                        ? $"Steg {(step == 0 ? "–" : step.ToString(DocumentFormat.Swedish))}\n{DocumentFormat.Date(p.CaseOpenedOn!.Value)}"
                        : "Inget ärende",
                    p.Reports.Count == 0
                        ? "Inga anmälningar registrerade"
                        : string.Join("\n", p.Reports.Select(r => r.DoneOn is { } done
                            ? $"{r.Label}: gjord {DocumentFormat.Date(done)}{(r.Detail is null ? "" : $" ({r.Detail})")}"
                            : $"{r.Label}: ej gjord, senast {DocumentFormat.Date(r.Due)}")),
                ]),
                size: 7.5f);
        }

        doc.KeepTogether(d =>
        {
            d.Spacer(16);
            d.Signatures("Rektor", "Datum");
        });
        return doc.Render();
    }
}
