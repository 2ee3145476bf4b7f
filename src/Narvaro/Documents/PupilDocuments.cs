using System.Security.Cryptography;
using Narvaro.Domain;

namespace Narvaro.Documents;

/// <summary>A rendered PDF with the name it is saved or downloaded under.</summary>
public sealed record RenderedDocument(string FileName, byte[] Content)
{
    public const string PdfContentType = "application/pdf";
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>Renders the forms for a pupil and the monthly report, from the database, for the nightly job, the CLI and the web.</summary>
public sealed class PupilDocuments(DocumentDataService data, TimeProvider clock)
{
    public static readonly IReadOnlyList<CaseDocumentKind> Step3Kinds = [CaseDocumentKind.Bilaga1Checklist];
    public static readonly IReadOnlyList<CaseDocumentKind> Step4Kinds = [CaseDocumentKind.Bilaga2Kartlaggning, CaseDocumentKind.Bilaga3Analys];

    /// <summary>The step at which the plan calls for the form: Bilaga 1 at step 3, Bilaga 2 and 3 at step 4.</summary>
    public static int StepOf(CaseDocumentKind kind) => kind == CaseDocumentKind.Bilaga1Checklist ? 3 : 4;

    /// <summary>The form's name as staff read it.</summary>
    public static string DisplayName(CaseDocumentKind kind) => kind switch
    {
        CaseDocumentKind.Bilaga1Checklist => "Bilaga 1 Checklista vid upprepad frånvaro",
        CaseDocumentKind.Bilaga2Kartlaggning => "Bilaga 2 Skolsocial kartläggning",
        CaseDocumentKind.Bilaga3Analys => "Bilaga 3 Analys",
        _ => kind.ToString(),
    };

    public static string FileName(CaseDocumentKind kind, string externalId, DateOnly asOf)
    {
        var stem = kind switch
        {
            CaseDocumentKind.Bilaga1Checklist => "Bilaga1-checklista",
            CaseDocumentKind.Bilaga2Kartlaggning => "Bilaga2-skolsocial-kartlaggning",
            CaseDocumentKind.Bilaga3Analys => "Bilaga3-analys",
            _ => kind.ToString(),
        };
        // elev_id rather than the pupil's name: file names end up in download folders and mail attachments.
        return $"{stem}-{DocumentFormat.FileNamePart(externalId)}-{DocumentFormat.Date(asOf)}.pdf";
    }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The form for the pupil with figures as of <paramref name="asOf"/>; null for an unknown pupil.</summary>
    public async Task<RenderedDocument?> RenderAsync(CaseDocumentKind kind, int pupilId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var pupil = await data.ForPupilAsync(pupilId, asOf, cancellationToken);
        return pupil is null ? null : Render(kind, pupil, asOf, Now);
    }

    public static RenderedDocument Render(CaseDocumentKind kind, PupilDocumentData pupil, DateOnly asOf, DateTime created)
    {
        var content = kind switch
        {
            CaseDocumentKind.Bilaga1Checklist => ChecklistDocument.Render(new ChecklistModel(pupil.Header, pupil.Figures, pupil.Pattern, created)),
            CaseDocumentKind.Bilaga2Kartlaggning => SkolsocialKartlaggningDocument.Render(new KartlaggningModel(pupil.Header, created)),
            CaseDocumentKind.Bilaga3Analys => AnalysDocument.Render(new AnalysModel(pupil.Header, pupil.Figures, pupil.Pattern, pupil.SuggestedLevel, created)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new RenderedDocument(FileName(kind, pupil.Header.ExternalId, asOf), content);
    }

    public RenderedDocument BlankChecklist() =>
        new("Bilaga1-checklista-blankett.pdf", ChecklistDocument.Render(new ChecklistModel(null, null, null, Now)));

    /// <summary>The monthly list for the given schools (null: every school).</summary>
    public async Task<RenderedDocument> MonthlyAsync(int year, int month, IReadOnlyCollection<int>? schoolIds, CancellationToken cancellationToken = default) =>
        (await MonthlyWithModelAsync(year, month, schoolIds, cancellationToken)).Document;

    /// <summary>The monthly list and the model it was rendered from (the audit names the pupils it contained).</summary>
    public async Task<(RenderedDocument Document, MonthlyReportModel Model)> MonthlyWithModelAsync(int year, int month,
        IReadOnlyCollection<int>? schoolIds, CancellationToken cancellationToken = default)
    {
        var model = await data.MonthlyAsync(year, month, schoolIds, Now, cancellationToken);
        return (new RenderedDocument($"Manadsrapport-skolchef-{year:0000}-{month:00}.pdf", MonthlyReportDocument.Render(model)), model);
    }
}
