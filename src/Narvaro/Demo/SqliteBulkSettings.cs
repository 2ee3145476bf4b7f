using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Data;

namespace Narvaro.Demo;

/// <summary>
/// SQLite settings for one large load, restored afterwards: no fsync per commit and the rollback journal in memory
/// (a crash during the seed can leave a broken file, acceptable for a database that held no pupils), a larger page
/// cache for the indexes, and no foreign-key check per row.
/// </summary>
internal sealed class SqliteBulkSettings
{
    private readonly string _journalMode;
    private readonly long _synchronous;
    private readonly long _cacheSize;
    private readonly long _foreignKeys;

    private SqliteBulkSettings(string journalMode, long synchronous, long cacheSize, long foreignKeys) =>
        (_journalMode, _synchronous, _cacheSize, _foreignKeys) = (journalMode, synchronous, cacheSize, foreignKeys);

    public static async Task<SqliteBulkSettings> ApplyAsync(NarvaroDbContext db, CancellationToken cancellationToken)
    {
        var settings = new SqliteBulkSettings(
            await ScalarAsync<string>(db, "PRAGMA journal_mode", cancellationToken),
            await ScalarAsync<long>(db, "PRAGMA synchronous", cancellationToken),
            await ScalarAsync<long>(db, "PRAGMA cache_size", cancellationToken),
            await ScalarAsync<long>(db, "PRAGMA foreign_keys", cancellationToken));
        await ScalarAsync<string>(db, "PRAGMA journal_mode = MEMORY", cancellationToken);
        await ExecuteAsync(db, "PRAGMA synchronous = OFF", cancellationToken);
        await ExecuteAsync(db, "PRAGMA cache_size = -65536", cancellationToken);
        // The seeder hands out every key itself; checking each attendance row's pupil would only cost time.
        await ExecuteAsync(db, "PRAGMA foreign_keys = OFF", cancellationToken);
        return settings;
    }

    public async Task RestoreAsync(NarvaroDbContext db, CancellationToken cancellationToken)
    {
        await ScalarAsync<string>(db, $"PRAGMA journal_mode = {_journalMode}", cancellationToken);
        await ExecuteAsync(db, $"PRAGMA synchronous = {_synchronous}", cancellationToken);
        await ExecuteAsync(db, $"PRAGMA cache_size = {_cacheSize}", cancellationToken);
        await ExecuteAsync(db, $"PRAGMA foreign_keys = {_foreignKeys}", cancellationToken);
    }

    /// <summary>
    /// Drops the table's secondary indexes and returns the statements that recreate them exactly as the migration
    /// made them: building an index once after the load is cheaper than maintaining it row by row.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropSecondaryIndexesAsync(NarvaroDbContext db, string table, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Sql)>();
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in indexes)
            await ExecuteAsync(db, "DROP INDEX \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", cancellationToken);
        return indexes.Select(i => i.Sql).ToList();
    }

    private static async Task<T> ScalarAsync<T>(NarvaroDbContext db, string sql, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task ExecuteAsync(NarvaroDbContext db, string sql, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
