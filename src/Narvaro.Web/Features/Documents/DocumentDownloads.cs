using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Documents;

/// <summary>A file the signed-in user may download.</summary>
public sealed record DocumentDownload(string FileName, string ContentType, byte[] Content);

/// <summary>
/// A case's form as opened: the file, or <see cref="Refused"/> when what is stored no longer matches its SHA-256
/// (or cannot be read); neither when it does not exist or the user may not see it.
/// </summary>
public sealed record CaseDocumentOpening(DocumentDownload? File, bool Refused = false)
{
    public static readonly CaseDocumentOpening NotFound = new(File: null);
}

/// <summary>
/// Who may download what. A case's forms: the pupil's mentor, and the rector and elevhälsan (skolkurator,
/// specialpedagog, skolsköterska, skolpsykolog) of the pupil's school. The monthly list: rektor for their schools,
/// skolchef for the huvudman's. Every download is written to the audit log.
/// </summary>
public sealed class DocumentDownloads(NarvaroDbContext db, ISchoolAccess schoolAccess, AuditTrail audit, PupilDocuments documents, TimeProvider clock,
    ILogger<DocumentDownloads> logger)
{
    public const string AuditAction = "Dokument hämtat";

    private static readonly string[] SchoolRoles = [StaffRoles.Rektor, .. StaffRoles.StudentHealth];

    /// <summary>
    /// The stored document: rendered from its snapshot (or, made before snapshots, the stored PDF). Not found when it
    /// does not exist or the user may not see it (the two look the same); refused, and logged, when the snapshot
    /// does not match its SHA-256 or cannot be read.
    /// </summary>
    public async Task<CaseDocumentOpening> CaseDocumentAsync(int id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return CaseDocumentOpening.NotFound;
        var document = await db.CaseDocuments.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new { d.Id, d.Kind, d.FileName, d.ContentType, d.Case!.PupilId, d.Case.Pupil!.MentorId, d.Case.Pupil.SchoolId })
            .FirstOrDefaultAsync(cancellationToken);
        if (document is null) return CaseDocumentOpening.NotFound;

        var allowed = document.MentorId == userId
            || await StaffAccess.HoldsAtSchoolAsync(db, userId, document.SchoolId, SchoolRoles, cancellationToken);
        if (!allowed) return CaseDocumentOpening.NotFound;

        var stored = await db.CaseDocuments.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new { d.Content, d.Snapshot, d.SnapshotVersion, d.Sha256 })
            .FirstAsync(cancellationToken);
        byte[] content;
        if (stored.Content is { } pdf)
        {
            // Made before snapshots: served as stored, as it always was.
            content = pdf;
        }
        else if (stored.Snapshot is { } snapshot)
        {
            if (!HashMatches(DocumentSnapshot.Hash(snapshot), stored.Sha256))
                return Refuse(document.Id, "the snapshot does not match its SHA-256");
            try
            {
                content = DocumentSnapshot.Parse(snapshot, stored.SnapshotVersion).Render().Content;
            }
            catch (DocumentSnapshotException ex)
            {
                return Refuse(document.Id, ex.Message);
            }
        }
        else
        {
            return Refuse(document.Id, "it holds neither a PDF nor a snapshot");
        }

        await audit.RecordAsync(userId, AuditAction, document.PupilId, document.SchoolId,
            $"{PupilDocuments.DisplayName(document.Kind)} ({document.FileName}, dokument {document.Id})", cancellationToken);
        return new CaseDocumentOpening(new DocumentDownload(document.FileName, document.ContentType, content));
    }

    private static bool HashMatches(string actual, string stored) => string.Equals(actual, stored.Trim(), StringComparison.OrdinalIgnoreCase);

    private CaseDocumentOpening Refuse(int documentId, string reason)
    {
        // The id and the reason only: the log holds no pupil data.
        logger.LogWarning("Document {DocumentId} was not served: {Reason}.", documentId, reason);
        return new CaseDocumentOpening(null, Refused: true);
    }

    /// <summary>The monthly list over the schools the user sees. <paramref name="month"/> is YYYY-MM; null when it is not a month.</summary>
    /// <summary>The first monthly report month offered (the product holds no older data).</summary>
    public static readonly DateOnly FirstReportMonth = new(2000, 1, 1);

    /// <summary>
    /// ?manad=ÅÅÅÅ-MM: a month from <see cref="FirstReportMonth"/> up to the current one (a report of a month that has not
    /// begun has nothing to say, and a year like 9999 has no following month to bound it).
    /// </summary>
    public static bool TryParseReportMonth(string? month, DateOnly today, out DateOnly first)
    {
        if (month is not { Length: 7 }
            || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
        {
            first = default;
            return false;
        }
        return first >= FirstReportMonth && first <= new DateOnly(today.Year, today.Month, 1);
    }

    public async Task<DocumentDownload?> MonthlyReportAsync(string month, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!TryParseReportMonth(month, SwedishTime.Today(clock), out var first))
            return null;
        var schoolIds = await schoolAccess.SchoolsWhere(StaffRoles.Rektor, StaffRoles.Skolchef).Select(s => s.Id).ToListAsync(cancellationToken);
        var (rendered, model) = await documents.MonthlyWithModelAsync(first.Year, first.Month, schoolIds, cancellationToken);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var schoolId = schoolIds.Count == 1 ? schoolIds[0] : (int?)null;
        var head = $"{MonthlyReportDocument.Title} {first:yyyy-MM} (skolor: {string.Join(", ", schoolIds)})";
        await audit.RecordManyAsync(MonthlyReportAuditDetails(head, model.Schools.SelectMany(s => s.Pupils).Select(p => p.ExternalId))
            .Select(details => (userId, AuditAction, (int?)null, schoolId, (string?)details)).ToList(), cancellationToken);
        return new DocumentDownload(rendered.FileName, RenderedDocument.PdfContentType, rendered.Content);
    }

    /// <summary>
    /// The monthly list's audit details: the heading and the elev-ids of the pupils it contained, split over as many
    /// entries as the details' 2000 characters need.
    /// </summary>
    public static IReadOnlyList<string> MonthlyReportAuditDetails(string head, IEnumerable<string> pupilExternalIds, int max = 2000)
    {
        var ids = pupilExternalIds.ToList();
        if (ids.Count == 0) return [$"{head}, elever: inga"];
        var entries = new List<string>();
        var current = new System.Text.StringBuilder($"{head}, elever ({ids.Count}): ");
        var first = true;
        foreach (var id in ids)
        {
            var part = (first ? "" : ", ") + id;
            if (current.Length + part.Length > max)
            {
                entries.Add(current.ToString());
                current = new System.Text.StringBuilder($"{head}, elever (forts.): ");
                part = id;
            }
            current.Append(part);
            first = false;
        }
        entries.Add(current.ToString());
        return entries;
    }
}
