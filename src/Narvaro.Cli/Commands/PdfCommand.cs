using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Documents;
using Narvaro.Domain;

namespace Narvaro.Cli.Commands;

/// <summary>Writes the action plan's forms (Bilaga 1–3) for a pupil, the blank checklist, or the monthly skolchef report.</summary>
public sealed class PdfCommand : ICliCommand
{
    public string Name => "pdf";
    public string Usage =>
        "pdf checklist|kartlaggning|analys --pupil ELEV_ID -o FIL [--as-of DATUM]   skriv bilaga 1, 2 eller 3 ifylld för eleven\n" +
        "pdf checklist --blank -o FIL   skriv en tom checklista (bilaga 1)\n" +
        "pdf monthly --month ÅÅÅÅ-MM -o FIL   skriv månadsrapporten till skolchef (elever över 20 %)";

    private static readonly Dictionary<string, CaseDocumentKind> Kinds = new(StringComparer.Ordinal)
    {
        ["checklist"] = CaseDocumentKind.Bilaga1Checklist,
        ["kartlaggning"] = CaseDocumentKind.Bilaga2Kartlaggning,
        ["analys"] = CaseDocumentKind.Bilaga3Analys,
    };

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Positional.Count != 2)
            throw new CliUsageException("Ange vilket dokument: checklist, kartlaggning, analys eller monthly.");
        var what = args.Positional[1];
        var file = args.Get("-o") ?? args.Get("--output") ?? throw new CliUsageException("Flaggan -o FIL måste anges.");

        await using var scope = services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<PupilDocuments>();
        RenderedDocument rendered;
        if (what == "monthly")
        {
            var month = args.Get("--month") ?? throw new CliUsageException("Flaggan --month måste anges.");
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                throw new CliUsageException($"Flaggan --month ska vara en månad ÅÅÅÅ-MM, inte \"{month}\".");
            rendered = await documents.MonthlyAsync(first.Year, first.Month, schoolIds: null, cancellationToken);
        }
        else if (Kinds.TryGetValue(what, out var kind))
        {
            if (args.Has("--blank"))
            {
                if (kind != CaseDocumentKind.Bilaga1Checklist)
                    throw new CliUsageException("--blank finns bara för checklist.");
                rendered = documents.BlankChecklist();
            }
            else
            {
                var externalId = args.Get("--pupil") ?? throw new CliUsageException("Flaggan --pupil ELEV_ID (eller --blank för checklist) måste anges.");
                var asOf = args.GetDate("--as-of") ?? SwedishTime.Yesterday(scope.ServiceProvider.GetRequiredService<TimeProvider>());
                var data = scope.ServiceProvider.GetRequiredService<DocumentDataService>();
                var pupilId = await data.FindPupilIdAsync(externalId, cancellationToken);
                var pupil = pupilId is null ? null : await documents.RenderAsync(kind, pupilId.Value, asOf, cancellationToken);
                if (pupil is null)
                {
                    error.WriteLine($"Det finns ingen elev med elev_id \"{externalId}\".");
                    return 1;
                }
                rendered = pupil;
            }
        }
        else
        {
            throw new CliUsageException($"Okänt dokument \"{what}\": välj checklist, kartlaggning, analys eller monthly.");
        }

        var path = Path.GetFullPath(file);
        await File.WriteAllBytesAsync(path, rendered.Content, cancellationToken);
        output.WriteLine($"Skrev {path} ({rendered.Content.Length / 1024.0:0.0} kB).");
        return 0;
    }
}
