using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;

namespace Narvaro.Jobs;

/// <summary>
/// The night's lock: one night (import, evaluation, documents) runs at a time across every node. It is a session lock
/// held by the database on the context's own connection, so it goes the moment its holder's connection does — a node
/// killed in the middle of the night frees it at once, and the retry on another node takes it without waiting for any
/// expiry. PostgreSQL: a session advisory lock. SQL Server: sp_getapplock owned by the session. SQLite: one process
/// (in-memory Hangfire), so a process-wide semaphore.
/// </summary>
/// <remarks>
/// Hangfire's own DisableConcurrentExecution is not used for the nightly job: on PostgreSQL storage its lock is a row
/// that outlives a killed node until DistributedLockTimeout (10 minutes) and is not renewed while a long night runs.
/// </remarks>
public sealed class NightlyLock : IAsyncDisposable
{
    /// <summary>The PostgreSQL advisory key, beside the app's other keys.</summary>
    public const long PostgreSqlKey = PostgreSqlLocks.NightlyRun;
    public const string SqlServerResource = "narvaro-nightly-run";

    private static readonly SemaphoreSlim InProcess = new(1, 1);

    private readonly NarvaroDbContext? _db;
    private bool _released;

    private NightlyLock(NarvaroDbContext? db) => _db = db;

    /// <summary>Waits up to <paramref name="timeout"/> for the lock; the connection stays open until disposed.</summary>
    public static async Task<NightlyLock> AcquireAsync(NarvaroDbContext db, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            if (!await InProcess.WaitAsync(timeout, cancellationToken))
                throw new TimeoutException($"The nightly run's lock was not free within {timeout}.");
            return new NightlyLock(null);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var previousTimeout = db.Database.GetCommandTimeout();
        try
        {
            // The wait is the database's: the command may block as long as the lock is allowed to take.
            db.Database.SetCommandTimeout(timeout + TimeSpan.FromSeconds(30));
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgreSqlKey})", cancellationToken);
            }
            else
            {
                var milliseconds = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
                await db.Database.ExecuteSqlAsync(
                    $"DECLARE @result int; EXEC @result = sp_getapplock @Resource = {SqlServerResource}, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = {milliseconds}; IF @result < 0 THROW 50000, 'The nightly run''s lock was not granted.', 1;",
                    cancellationToken);
            }
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
        finally
        {
            db.Database.SetCommandTimeout(previousTimeout);
        }
        return new NightlyLock(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_released) return;
        _released = true;
        if (_db is not { } db)
        {
            InProcess.Release();
            return;
        }
        try
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgreSqlKey})");
            else
                await db.Database.ExecuteSqlAsync($"EXEC sp_releaseapplock @Resource = {SqlServerResource}, @LockOwner = 'Session'");
        }
        catch (DbException)
        {
            // The connection is gone, and the session's lock with it.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
