using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;

namespace Narvaro.Tests.Infrastructure;

/// <summary>A fresh SQLite file with the real migrations applied; deleted on dispose.</summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    public string Path { get; }
    public string ConnectionString { get; }

    private SqliteTestDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"narvaro-test-{Guid.NewGuid():N}.db");
        var db = new SqliteTestDatabase(path);
        await using var context = db.CreateContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public DbContextOptions<NarvaroDbContext> Options =>
        DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.Sqlite, ConnectionString);

    public NarvaroDbContext CreateContext() => new(Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(Path + suffix);
        return ValueTask.CompletedTask;
    }
}
