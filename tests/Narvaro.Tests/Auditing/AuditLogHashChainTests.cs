using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Audit;
using Narvaro.Tests.Infrastructure;
using Npgsql;

namespace Narvaro.Tests.Auditing;

public class AuditLogHashChainTests
{
    [Fact]
    public async Task ConcurrentWriters_TwoContextsManyAppends_ChainIntact()
    {
        await using var database = await TestDatabase.CreateAsync();

        async Task Write(string user)
        {
            for (var i = 0; i < 40; i++)
            {
                await using var db = database.CreateContext();
                await new AuditTrail(db, TimeProvider.System).RecordAsync(user, "Test", details: i.ToString());
            }
        }
        await Task.WhenAll(Write("a"), Write("b"));

        await using var check = database.CreateContext();
        var report = await new AuditChain(check).VerifyAsync();
        Assert.True(report.Intact, report.BreakReason);
        Assert.Equal(80, report.Verified);
        Assert.Equal(80, await check.AuditLog.Select(a => a.PreviousHash).Distinct().CountAsync());
    }

    [Fact]
    public async Task Append_LinksToEntryWithHighestId()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var trail = new AuditTrail(db, TimeProvider.System);

        await trail.RecordAsync("u", "Första");
        await trail.RecordAsync("u", "Andra", pupilId: 3, schoolId: 1, details: "d");

        var entries = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        Assert.Null(entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(AuditHash.Compute(entries[1]), entries[1].Hash);
    }

    [Fact]
    public async Task UpdateOrDeleteThroughSql_RefusedByTrigger()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await new AuditTrail(db, TimeProvider.System).RecordAsync("u", "Test", details: "orig");

        var update = await RefusedAsync(() => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Details\" = 'x'"));
        Assert.Contains("append-only", update.Message);
        var delete = await RefusedAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\""));
        Assert.Contains("append-only", delete.Message);
        Assert.Equal("orig", (await db.AuditLog.AsNoTracking().SingleAsync()).Details);
    }

    [Fact]
    public async Task AlteredEntry_TriggerDroppedOnTestDatabase_BreakReportedAtThatId()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var trail = new AuditTrail(db, TimeProvider.System);
        for (var i = 0; i < 5; i++) await trail.RecordAsync("u", "Test", details: i.ToString());
        var third = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Skip(2).Select(a => a.Id).FirstAsync();

        await DropTriggerAsync(db, "DROP TRIGGER \"AuditLog_NoUpdate\"");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Details\" = 'ändrad' WHERE \"Id\" = {0}", third);

        var report = await new AuditChain(db).VerifyAsync();
        Assert.False(report.Intact);
        Assert.Equal(third, report.BreakAtId);
        Assert.Equal(2, report.Verified);
    }

    [Fact]
    public async Task RemovedEntry_BreakReportedAtTheNextOne()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var trail = new AuditTrail(db, TimeProvider.System);
        for (var i = 0; i < 4; i++) await trail.RecordAsync("u", "Test", details: i.ToString());
        var ids = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();

        await DropTriggerAsync(db, "DROP TRIGGER \"AuditLog_NoDelete\"");
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Id\" = {0}", ids[1]);

        var report = await new AuditChain(db).VerifyAsync();
        Assert.Equal(ids[2], report.BreakAtId);
    }

    [Fact]
    public async Task EntriesBeforeChain_CountedAndSkipped()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"AuditLog\" (\"At\", \"Action\") VALUES ('2026-01-01 00:00:00', 'Gammal')");
        await new AuditTrail(db, TimeProvider.System).RecordAsync("u", "Ny");

        var report = await new AuditChain(db).VerifyAsync();
        Assert.True(report.Intact);
        Assert.Equal(1, report.BeforeChain);
        Assert.Equal(1, report.Verified);
    }

    /// <summary>
    /// The database's refusal: SQLite's RAISE(ABORT) in its triggers, PostgreSQL's RAISE EXCEPTION (P0001) in
    /// audit_log_append_only().
    /// </summary>
    private static async Task<Exception> RefusedAsync(Func<Task> write)
    {
        if (TestProvider.Current == Narvaro.Data.DatabaseProvider.PostgreSql)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(write);
            Assert.Equal("P0001", refused.SqlState);
            return refused;
        }
        return await Assert.ThrowsAsync<SqliteException>(write);
    }

    /// <summary>
    /// Drops the guard (on a test database only). SQLite has one trigger per statement kind (AuditLog_NoUpdate,
    /// AuditLog_NoDelete); PostgreSQL one for both ("AuditLog_AppendOnly").
    /// </summary>
    private static Task DropTriggerAsync(Narvaro.Data.NarvaroDbContext db, string sqliteDrop) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlRawAsync("DROP TRIGGER \"AuditLog_AppendOnly\" ON \"AuditLog\"")
            : db.Database.ExecuteSqlRawAsync(sqliteDrop);
}
