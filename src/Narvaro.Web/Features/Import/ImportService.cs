using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Import;

namespace Narvaro.Web.Features.Import;

/// <summary>The outcome of committing an upload.</summary>
public abstract record CommitOutcome
{
    /// <summary>Unknown id, someone else's upload, expired, cancelled, or already committed.</summary>
    public sealed record NotFound : CommitOutcome;
    /// <summary>The stored file no longer has the SHA-256 recorded at upload.</summary>
    public sealed record Changed : CommitOutcome;
    /// <summary>The importer rejected the file at commit; nothing was written.</summary>
    public sealed record Rejected(ImportPreviewViewModel Preview) : CommitOutcome;
    public sealed record Imported(ImportDoneViewModel Done) : CommitOutcome;
}

/// <summary>
/// The upload → preview → commit or cancel flow. Validation and writing are the importers' (the same rules as the
/// CLI); this service keeps the file between the steps and makes sure one upload is imported at most once.
/// </summary>
public sealed class ImportService(
    ImportUploadStore store, PupilImporter pupilImporter, AttendanceImporter attendanceImporter, AuditTrail audit, NarvaroDbContext db)
{
    private sealed record Outcome(IReadOnlyList<ImportFact> Facts, IReadOnlyList<string> Errors, int ErrorCount, string AuditSummary);

    public async Task<StoredUpload> StoreAsync(string userId, ImportKind kind, IFormFile file, CancellationToken cancellationToken)
    {
        await using var content = file.OpenReadStream();
        return await store.SaveAsync(userId, kind, file.FileName, content, cancellationToken);
    }

    /// <summary>Validates the stored file and tells what committing it would do; null when the user has no such upload.</summary>
    public async Task<ImportPreviewViewModel?> PreviewAsync(string? uploadId, string userId, CancellationToken cancellationToken)
    {
        var upload = store.Find(uploadId, userId);
        if (upload is null) return null;
        Outcome outcome;
        await using (var csv = store.OpenRead(upload))
            outcome = await RunAsync(upload.Kind, csv, write: false, await HuvudmanAsync(userId, cancellationToken), cancellationToken);
        return ToPreview(upload, outcome, rejectedAtCommit: false);
    }

    public async Task<CommitOutcome> CommitAsync(string? uploadId, string userId, CancellationToken cancellationToken)
    {
        using var claimed = store.Claim(uploadId, userId);
        if (claimed is null) return new CommitOutcome.NotFound();
        if (!await claimed.IsUnchangedAsync(cancellationToken)) return new CommitOutcome.Changed();

        var upload = claimed.Upload;
        Outcome outcome;
        await using (var csv = claimed.OpenRead())
            outcome = await RunAsync(upload.Kind, csv, write: true, await HuvudmanAsync(userId, cancellationToken), cancellationToken);
        if (outcome.ErrorCount > 0)
            return new CommitOutcome.Rejected(ToPreview(upload, outcome, rejectedAtCommit: true));

        await audit.RecordAsync(userId, upload.Kind.AuditAction(), details: $"{upload.FileName}: {outcome.AuditSummary}",
            cancellationToken: CancellationToken.None);
        return new CommitOutcome.Imported(new ImportDoneViewModel
        {
            KindLabel = upload.Kind.Label(), FileName = upload.FileName, Facts = outcome.Facts,
        });
    }

    /// <summary>Deletes the user's upload; false when there was none.</summary>
    public bool Cancel(string? uploadId, string userId) => store.Delete(uploadId, userId);

    /// <summary>The administrator's huvudman: an upload reads and writes its schools and pupils only.</summary>
    private async Task<int> HuvudmanAsync(string userId, CancellationToken cancellationToken) =>
        await StaffAccess.FirstOrganisationWhereAsync(db, userId, StaffRoles.Admin, cancellationToken)
        ?? throw new InvalidOperationException("An import by someone who administers no huvudman.");

    private async Task<Outcome> RunAsync(ImportKind kind, Stream csv, bool write, int organisationId, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case ImportKind.Pupils:
            {
                var result = write
                    ? await pupilImporter.ImportAsync(csv, cancellationToken, organisationId)
                    : await pupilImporter.PreviewAsync(csv, cancellationToken, organisationId);
                return result.Summary is { } s && result.Succeeded
                    ? new Outcome(PupilFacts(s, write), [], 0,
                        $"{s.Rows} rader, {s.NewPupils} nya elever, {s.UpdatedPupils} uppdaterade elever, {s.NewSchools} nya skolor, " +
                        $"{s.NewClasses} nya klasser, {s.NewMentorAccounts} nya mentorskonton")
                    : new Outcome([], result.ErrorMessages(), result.ErrorCount, "");
            }
            case ImportKind.Attendance:
            {
                var result = write
                    ? await attendanceImporter.ImportAsync(csv, cancellationToken, organisationId)
                    : await attendanceImporter.PreviewAsync(csv, cancellationToken, organisationId);
                return result.Summary is { } s && result.Succeeded
                    ? new Outcome(AttendanceFacts(s, write), [], 0,
                        $"{s.Rows} rader, {s.Pupils} elever, {s.FirstDate:yyyy-MM-dd}–{s.LastDate:yyyy-MM-dd}, " +
                        $"{s.NewRows} nya rader, {s.ReplacedRows} ersatta rader")
                    : new Outcome([], result.ErrorMessages(), result.ErrorCount, "");
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    // The preview tells what will happen, the confirmation what happened.
    private static List<ImportFact> PupilFacts(PupilImportSummary s, bool written) =>
    [
        new("Rader", SwedishFormat.Number(s.Rows)),
        new("Nya elever", SwedishFormat.Number(s.NewPupils)),
        new(written ? "Uppdaterade elever" : "Elever som uppdateras", SwedishFormat.Number(s.UpdatedPupils)),
        new("Nya skolor", SwedishFormat.Number(s.NewSchools)),
        new("Nya klasser", SwedishFormat.Number(s.NewClasses)),
        new("Nya mentorskonton (utan lösenord)", SwedishFormat.Number(s.NewMentorAccounts)),
    ];

    private static List<ImportFact> AttendanceFacts(AttendanceImportSummary s, bool written) =>
    [
        new("Rader", SwedishFormat.Number(s.Rows)),
        new("Elever", SwedishFormat.Number(s.Pupils)),
        new("Datum", $"{s.FirstDate:yyyy-MM-dd} – {s.LastDate:yyyy-MM-dd}"),
        new(written ? "Nya rader (tillagda)" : "Nya rader (läggs till)", SwedishFormat.Number(s.NewRows)),
        new(written ? "Ersatta rader (fanns och skrevs över)" : "Ersatta rader (finns redan och skrivs över)", SwedishFormat.Number(s.ReplacedRows)),
    ];

    private static ImportPreviewViewModel ToPreview(StoredUpload upload, Outcome outcome, bool rejectedAtCommit) => new()
    {
        UploadId = upload.Id,
        Kind = upload.Kind,
        FileName = upload.FileName,
        SizeText = SwedishFormat.Bytes(upload.Size),
        Facts = outcome.Facts,
        Errors = outcome.Errors,
        ErrorCount = outcome.ErrorCount,
        RejectedAtCommit = rejectedAtCommit,
    };
}
