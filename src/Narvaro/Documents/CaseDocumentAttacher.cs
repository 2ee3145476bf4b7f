using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Documents;

/// <summary>
/// The nightly step after the evaluation: attaches Bilaga 1 to every open case at step 3 or higher, and Bilaga 2
/// and 3 to every open case at step 4 or higher, that lacks them, as snapshots of the facts as of D (the PDF is
/// rendered when someone opens it, <see cref="DocumentSnapshot"/>).
/// Idempotent: the unique (case, kind) key refuses a document another run attached first.
/// </summary>
public sealed class CaseDocumentAttacher(NarvaroDbContext db, DocumentDataService data, TimeProvider clock, ILogger<CaseDocumentAttacher> logger)
{
    /// <summary>Cases whose pupils' data is read and whose documents are saved together (bounds memory, a few queries each).</summary>
    public const int BatchSize = 500;

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

        var todo = cases.OrderBy(c => c.Id)
            .Select(c => (c.Id, c.PupilId, Missing: (c.Step >= 4 ? PupilDocuments.Step3Kinds.Concat(PupilDocuments.Step4Kinds) : PupilDocuments.Step3Kinds)
                .Where(kind => !existing.Contains((c.Id, kind)))
                .ToList()))
            .Where(c => c.Missing.Count > 0)
            .ToList();

        var attached = 0;
        var detectChanges = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batch in todo.Chunk(BatchSize))
            {
                var pupils = await data.ForPupilsAsync(batch.Select(c => c.PupilId).ToList(), asOf, cancellationToken);
                var created = clock.GetUtcNow().UtcDateTime;
                var documents = new List<CaseDocument>();
                foreach (var c in batch)
                {
                    if (!pupils.TryGetValue(c.PupilId, out var pupil)) continue;
                    foreach (var kind in c.Missing)
                        documents.Add(Snapshot(c.Id, kind, pupil, asOf, created));
                }
                attached += await SaveAsync(documents, cancellationToken);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
        return attached;
    }

    /// <summary>The document as stored: the snapshot's text, its SHA-256 and length; no PDF.</summary>
    public static CaseDocument Snapshot(int caseId, CaseDocumentKind kind, PupilDocumentData pupil, DateOnly asOf, DateTime createdAtUtc)
    {
        var snapshot = DocumentSnapshot.From(kind, pupil, asOf, createdAtUtc);
        var json = snapshot.Serialize();
        return new CaseDocument
        {
            CaseId = caseId, Kind = kind, Step = snapshot.Step, FileName = PupilDocuments.FileName(kind, pupil.Header.ExternalId, asOf),
            ContentType = RenderedDocument.PdfContentType, Content = null, Snapshot = json, SnapshotVersion = DocumentSnapshot.Version,
            SizeBytes = Encoding.UTF8.GetByteCount(json), Sha256 = DocumentSnapshot.Hash(json), AsOf = asOf, CreatedAtUtc = snapshot.CreatedAtUtc,
        };
    }

    /// <summary>
    /// Saves the batch in one transaction. When another run attached one of them since this run read the existing
    /// documents, the database refuses the batch (nothing of it is saved); the documents are then inserted one at a
    /// time, keeping the other run's where there is one.
    /// </summary>
    private async Task<int> SaveAsync(List<CaseDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0) return 0;
        db.CaseDocuments.AddRange(documents);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return documents.Count;
        }
        catch (DbUpdateException ex) when (IsDuplicate(ex.InnerException))
        {
            logger.LogDebug("A batch of {Count} documents met one attached by another run; saving them one at a time.", documents.Count);
        }
        finally
        {
            // Saved or refused, they leave the context: a refused insert would otherwise be retried by the next save.
            foreach (var document in documents) db.Entry(document).State = EntityState.Detached;
        }
        return await InsertOneByOneAsync(documents, cancellationToken);
    }

    /// <summary>One prepared INSERT per document in one transaction; a row the unique key refuses is the other run's.</summary>
    private async Task<int> InsertOneByOneAsync(List<CaseDocument> documents, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var postgres = connection is Npgsql.NpgsqlConnection;
        await db.Database.OpenConnectionAsync(cancellationToken);
        var own = db.Database.CurrentTransaction is null;
        IDbContextTransaction? transaction = own ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            insert.CommandText =
                """INSERT INTO "CaseDocuments" ("CaseId", "Kind", "Step", "FileName", "ContentType", "Content", "Snapshot", "SnapshotVersion", "SizeBytes", "Sha256", "AsOf", "CreatedAtUtc") """ +
                "VALUES (@CaseId, @Kind, @Step, @FileName, @ContentType, @Content, @Snapshot, @SnapshotVersion, @SizeBytes, @Sha256, @AsOf, @CreatedAtUtc)" +
                // PostgreSQL aborts the whole transaction on a refused row, so there the key's refusal is asked for.
                (postgres ? " ON CONFLICT DO NOTHING" : "");
            var p = new Dictionary<string, DbParameter>();
            foreach (var (name, type) in new[]
                     {
                         ("CaseId", DbType.Int32), ("Kind", DbType.Int32), ("Step", DbType.Int32), ("FileName", DbType.String),
                         ("ContentType", DbType.String), ("Content", DbType.Binary), ("Snapshot", DbType.String),
                         ("SnapshotVersion", DbType.Int32), ("SizeBytes", DbType.Int32), ("Sha256", DbType.String),
                         // Npgsql maps DateTime2 to timestamp without time zone; the column is timestamptz.
                         ("AsOf", DbType.Date), ("CreatedAtUtc", postgres ? DbType.DateTimeOffset : DbType.DateTime2),
                     })
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.DbType = type;
                insert.Parameters.Add(parameter);
                p[name] = parameter;
            }
            await insert.PrepareAsync(cancellationToken);

            var inserted = 0;
            foreach (var d in documents)
            {
                p["CaseId"].Value = d.CaseId;
                p["Kind"].Value = (int)d.Kind;
                p["Step"].Value = d.Step;
                p["FileName"].Value = d.FileName;
                p["ContentType"].Value = d.ContentType;
                p["Content"].Value = (object?)d.Content ?? DBNull.Value;
                p["Snapshot"].Value = (object?)d.Snapshot ?? DBNull.Value;
                p["SnapshotVersion"].Value = d.SnapshotVersion;
                p["SizeBytes"].Value = d.SizeBytes;
                p["Sha256"].Value = d.Sha256;
                // As EF stores them: DateOnly as a date (SQLite text yyyy-MM-dd), the UTC time as a datetime.
                p["AsOf"].Value = connection is SqliteConnection ? d.AsOf : d.AsOf.ToDateTime(TimeOnly.MinValue);
                p["CreatedAtUtc"].Value = d.CreatedAtUtc;
                try
                {
                    if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                        inserted++;
                    else
                        logger.LogInformation("Case {CaseId} already has {Kind}; another run attached it.", d.CaseId, d.Kind);
                }
                catch (DbException ex) when (IsDuplicate(ex))
                {
                    // Another run attached this document in the meantime; theirs stands.
                    logger.LogInformation("Case {CaseId} already has {Kind}; another run attached it.", d.CaseId, d.Kind);
                }
            }
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
            return inserted;
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    private static bool IsDuplicate(Exception? ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 19 } => true, // SQLITE_CONSTRAINT: the unique (case, kind) key
        SqlException { Number: 2601 or 2627 } => true,    // duplicate key
        Npgsql.PostgresException { SqlState: "23505" } => true, // unique violation
        _ => false,
    };
}
