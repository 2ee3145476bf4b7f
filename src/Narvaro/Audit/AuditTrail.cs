using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Audit;

/// <summary>
/// Writes the audit log (GDPR art. 9, OSL): who read or changed a pupil's record, a document or an import.
/// Every page or download that shows a pupil's data records one entry per request.
/// </summary>
public sealed class AuditTrail(NarvaroDbContext db, TimeProvider clock)
{
    /// <summary>Adds an entry and saves it at once, on its own, so it is kept even if the caller fails later.</summary>
    public async Task RecordAsync(
        string? userId, string action, int? pupilId = null, int? schoolId = null, string? details = null,
        CancellationToken cancellationToken = default)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = userId,
            Action = action,
            PupilId = pupilId,
            SchoolId = schoolId,
            Details = details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
