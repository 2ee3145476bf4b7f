using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Documents;

/// <summary>
/// The nightly step after the evaluation: attaches Bilaga 1 to every open case at step 3 or higher, and Bilaga 2
/// and 3 to every open case at step 4 or higher, that lacks them, prefilled with the figures as of D.
/// Idempotent: the unique (case, kind) key refuses a document another run attached first.
/// </summary>
public sealed class CaseDocumentAttacher(NarvaroDbContext db, DocumentDataService data, TimeProvider clock, ILogger<CaseDocumentAttacher> logger)
{
    /// <summary>Returns the number of documents attached by this run.</summary>
    public async Task<int> AttachAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.ClosedOn == null && c.Step >= 3)
            .Select(c => new { c.Id, c.PupilId, c.Step })
            .ToListAsync(cancellationToken);
        var existing = (await db.CaseDocuments.AsNoTracking()
                .Where(d => d.Case!.ClosedOn == null)
                .Select(d => new { d.CaseId, d.Kind })
                .ToListAsync(cancellationToken))
            .Select(d => (d.CaseId, d.Kind))
            .ToHashSet();

        var attached = 0;
        foreach (var c in cases.OrderBy(c => c.Id))
        {
            var missing = (c.Step >= 4 ? PupilDocuments.Step3Kinds.Concat(PupilDocuments.Step4Kinds) : PupilDocuments.Step3Kinds)
                .Where(kind => !existing.Contains((c.Id, kind)))
                .ToList();
            if (missing.Count == 0) continue;

            var pupil = await data.ForPupilAsync(c.PupilId, asOf, cancellationToken);
            if (pupil is null) continue;
            var created = clock.GetUtcNow().UtcDateTime;
            foreach (var kind in missing)
            {
                var rendered = PupilDocuments.Render(kind, pupil, asOf, created);
                var document = new CaseDocument
                {
                    CaseId = c.Id, Kind = kind, Step = PupilDocuments.StepOf(kind), FileName = rendered.FileName,
                    ContentType = RenderedDocument.PdfContentType, Content = rendered.Content, SizeBytes = rendered.Content.Length,
                    Sha256 = rendered.Sha256, AsOf = asOf, CreatedAtUtc = created,
                };
                db.CaseDocuments.Add(document);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    attached++;
                }
                catch (DbUpdateException ex) when (IsDuplicate(ex))
                {
                    // Another run attached this document in the meantime; theirs stands.
                    logger.LogInformation("Case {CaseId} already has {Kind}; another run attached it.", c.Id, kind);
                }
                // Saved or refused, it leaves the context: a refused insert would otherwise be retried by the next save.
                db.Entry(document).State = EntityState.Detached;
            }
        }
        return attached;
    }

    private static bool IsDuplicate(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => true, // SQLITE_CONSTRAINT: the unique (case, kind) key
        SqlException { Number: 2601 or 2627 } => true,    // duplicate key
        _ => false,
    };
}
