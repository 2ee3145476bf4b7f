using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Npgsql;

namespace Narvaro.Testing;

/// <summary>
/// A fresh database with the real migrations applied, on the provider the test run names, removed on dispose. The
/// one fixture of every integration test: the same tests run on each provider.
/// <list type="bullet">
/// <item>SQLite (default): a temp file.</item>
/// <item>PostgreSQL (NARVARO_TEST_DATABASE=postgresql, server in NARVARO_TEST_POSTGRES): a database per fixture, copied
/// from a template migrated once per test process (CREATE DATABASE … TEMPLATE), dropped on dispose.</item>
/// <item>SQL Server (NARVARO_TEST_DATABASE=sqlserver, server in NARVARO_TEST_SQLSERVER): a database per fixture, migrated,
/// dropped on dispose.</item>
/// </list>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The SQLite file; a server provider has none (a test that needs it is SQLite-only).</summary>
    public string Path => _path ?? throw new InvalidOperationException($"No database file on {Provider}: the test needs SQLite.");
    private readonly string? _path;
    public string ConnectionString { get; }
    public DatabaseProvider Provider { get; }
    /// <summary>The server database's name; null on SQLite.</summary>
    public string? Name { get; }

    private TestDatabase(DatabaseProvider provider, string connectionString, string? path, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _path = path;
        Name = name;
    }

    /// <summary>A migrated database.</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(migrate: true);

    /// <summary>A database on the run's provider; empty (no tables) unless <paramref name="migrate"/>.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate)
    {
        switch (TestProvider.Current)
        {
            case DatabaseProvider.PostgreSql:
                return await PostgreSqlServer.CreateDatabaseAsync(migrate);
            case DatabaseProvider.SqlServer:
                return await SqlServerServer.CreateDatabaseAsync(migrate);
            default:
                var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"narvaro-test-{Guid.NewGuid():N}.db");
                var db = new TestDatabase(DatabaseProvider.Sqlite,
                    new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString(), path, null);
                if (migrate)
                {
                    await using var context = db.CreateContext();
                    await context.Database.MigrateAsync();
                }
                return db;
        }
    }

    internal static TestDatabase OnServer(DatabaseProvider provider, string connectionString, string name) =>
        new(provider, connectionString, null, name);

    public DbContextOptions<NarvaroDbContext> Options =>
        DatabaseServiceCollectionExtensions.CreateOptions(Provider, ConnectionString);

    public NarvaroDbContext CreateContext() => new(Options);

    /// <summary>The configuration that points the app or the narvaro command at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Narvaro"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        switch (Provider)
        {
            case DatabaseProvider.PostgreSql:
                await PostgreSqlServer.DropDatabaseAsync(this);
                break;
            case DatabaseProvider.SqlServer:
                await SqlServerServer.DropDatabaseAsync(this);
                break;
            default:
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                    File.Delete(Path + suffix);
                break;
        }
    }
}

/// <summary>The provider this test run uses: NARVARO_TEST_DATABASE = sqlite (default), postgresql or sqlserver.</summary>
public static class TestProvider
{
    public const string Variable = "NARVARO_TEST_DATABASE";

    public static DatabaseProvider Current { get; } = Read();

    public static bool IsSqlite => Current == DatabaseProvider.Sqlite;

    private static DatabaseProvider Read()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
            "sqlserver" => DatabaseProvider.SqlServer,
            _ => throw new InvalidOperationException($"{Variable}='{value}': use sqlite, postgresql or sqlserver."),
        };
    }

    public static string ServerConnectionString(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable}={Current} needs the server's connection string in {variable}.");
}

internal static class PostgreSqlServer
{
    public const string Variable = "NARVARO_TEST_POSTGRES";
    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static string? _template;

    private static string Server => TestProvider.ServerConnectionString(Variable);

    private static string For(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString();

    public static async Task<TestDatabase> CreateDatabaseAsync(bool migrate)
    {
        var name = $"narvaro_test_{Guid.NewGuid():N}";
        await Creating.WaitAsync();
        try
        {
            var template = migrate ? await TemplateAsync() : null;
            await ExecuteAsync(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}");
        }
        finally
        {
            Creating.Release();
        }
        return TestDatabase.OnServer(DatabaseProvider.PostgreSql, For(name), name);
    }

    /// <summary>Migrated once per process; fixtures copy it, which is much faster than migrating each.</summary>
    private static async Task<string> TemplateAsync()
    {
        if (_template is not null) return _template;
        var name = $"narvaro_template_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        var connectionString = For(name);
        await using (var context = new NarvaroDbContext(
            DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.PostgreSql, connectionString)))
        {
            await context.Database.MigrateAsync();
        }
        // A template cannot be copied while anyone is connected to it.
        await using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult(); }
            catch (NpgsqlException) { /* the throw-away cluster goes anyway */ }
        };
        return _template = name;
    }

    public static async Task DropDatabaseAsync(TestDatabase database)
    {
        await using (var connection = new NpgsqlConnection(database.ConnectionString)) NpgsqlConnection.ClearPool(connection);
        await ExecuteAsync($"DROP DATABASE IF EXISTS {database.Name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal static class SqlServerServer
{
    public const string Variable = "NARVARO_TEST_SQLSERVER";

    private static string Server => TestProvider.ServerConnectionString(Variable);

    private static string For(string database) =>
        new SqlConnectionStringBuilder(Server) { InitialCatalog = database }.ToString();

    public static async Task<TestDatabase> CreateDatabaseAsync(bool migrate)
    {
        var name = $"narvaro_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE [{name}]");
        var database = TestDatabase.OnServer(DatabaseProvider.SqlServer, For(name), name);
        if (migrate)
        {
            await using var context = database.CreateContext();
            await context.Database.MigrateAsync();
        }
        return database;
    }

    public static async Task DropDatabaseAsync(TestDatabase database)
    {
        await using (var connection = new SqlConnection(database.ConnectionString)) SqlConnection.ClearPool(connection);
        await ExecuteAsync($"IF DB_ID('{database.Name}') IS NOT NULL BEGIN ALTER DATABASE [{database.Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database.Name}]; END");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(Server) { InitialCatalog = "master", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }
}
