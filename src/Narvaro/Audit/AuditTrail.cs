using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Audit;

/// <summary>
/// Writes the audit log (GDPR art. 9, OSL): who read or changed a pupil's record, a document or an import.
/// Every page or download that shows a pupil's data records one entry per request. The only writer of the log: each
/// entry is chained to the one with the highest id (<see cref="AuditEntry.PreviousHash"/>, <see cref="AuditHash"/>).
/// </summary>
public sealed class AuditTrail(NarvaroDbContext db, TimeProvider clock)
{
    /// <summary>Adds an entry and saves it at once, on its own, so it is kept even if the caller fails later.</summary>
    public Task RecordAsync(
        string? userId, string action, int? pupilId = null, int? schoolId = null, string? details = null,
        CancellationToken cancellationToken = default) =>
        RecordManyAsync([(userId, action, pupilId, schoolId, details)], cancellationToken);

    /// <summary>Appends several entries in one transaction, chained in the order given.</summary>
    public async Task RecordManyAsync(
        IReadOnlyList<(string? UserId, string Action, int? PupilId, int? SchoolId, string? Details)> entries,
        CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return;
        var own = db.Database.CurrentTransaction is null;
        // SQLite: Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, so the write lock is held before the last hash is read.
        // SQL Server: the last hash is read WITH (UPDLOCK, HOLDLOCK) below, which serialises appends until commit.
        // PostgreSQL: an advisory lock is taken before the read, which then (read committed) sees the last committed entry.
        IDbContextTransaction? transaction = own
            ? await db.Database.BeginTransactionAsync(
                db.Database.IsNpgsql() ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, cancellationToken)
            : null;
        try
        {
            var previous = await LastHashAsync(cancellationToken);
            var at = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime);
            foreach (var (userId, action, pupilId, schoolId, details) in entries)
            {
                var entry = new AuditEntry
                {
                    At = at,
                    UserId = userId,
                    Action = action,
                    PupilId = pupilId,
                    SchoolId = schoolId,
                    Details = details is { Length: > 2000 } ? details[..2000] : details,
                    PreviousHash = previous,
                };
                entry.Hash = AuditHash.Compute(entry);
                previous = entry.Hash;
                db.AuditLog.Add(entry);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }
    }

    private async Task<string?> LastHashAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync(PostgreSqlLocks.Take(PostgreSqlLocks.AuditLogAppend), cancellationToken);
        var sql = db.Database.IsSqlServer()
            ? "SELECT TOP (1) [Hash] AS [Value] FROM [AuditLog] WITH (UPDLOCK, HOLDLOCK) ORDER BY [Id] DESC"
            : "SELECT \"Hash\" AS \"Value\" FROM \"AuditLog\" ORDER BY \"Id\" DESC LIMIT 1";
        var rows = await db.Database.SqlQueryRaw<string?>(sql).ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
