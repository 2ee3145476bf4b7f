using System.Data.Common;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Web.Infrastructure;

namespace Narvaro.NodeTests;

/// <summary>
/// Two web nodes of the real app against one server database and one Hangfire storage. The demo huvudman is seeded
/// once, from the test, before either node starts; its history is evaluated up to <see cref="HistoryEnd"/>, leaving
/// the last school days for the nights the tests run. On SQLite nothing starts (the tests are skipped).
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    public const int DemoPupils = 300;
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public TestDatabase Database { get; private set; } = null!;
    public WebNode Node1 { get; private set; } = null!;
    public WebNode Node2 { get; private set; } = null!;
    public JobStorage Storage { get; private set; } = null!;
    public DemoSeedResult Demo { get; private set; } = null!;
    /// <summary>The last school day the seeded history evaluated.</summary>
    public DateOnly HistoryEnd { get; private set; }
    /// <summary>A school day after the history, before yesterday's night: the kill test's night.</summary>
    public DateOnly KillNight { get; private set; }
    public TimeSpan SeedTime { get; private set; }

    public async Task InitializeAsync()
    {
        if (TestProvider.IsSqlite) return;
        Database = await TestDatabase.CreateAsync();
        var started = DateTime.UtcNow;
        await using (var services = Services())
        {
            await using var scope = services.CreateAsyncScope();
            Demo = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoSeedOptions { Pupils = DemoPupils });
            var days = SwedishSchoolCalendar.SchoolDays(Demo.From, Demo.To).ToList();
            HistoryEnd = days[^4];
            KillNight = days[^3];
            await scope.ServiceProvider.GetRequiredService<DemoEvaluation>().RunAsync(Demo.From, HistoryEnd);
        }
        SeedTime = DateTime.UtcNow - started;

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = Database.Provider.ToString(),
            ["ConnectionStrings__Narvaro"] = Database.ConnectionString,
            // Migrated by the fixture (as `narvaro migrate` does in production) and seeded from the test.
            ["Database__MigrateOnStartup"] = "false",
            ["Demo__SeedWhenEmpty"] = "false",
            ["Jobs__RunServer"] = "true",
            // One worker per node: a job blocked on one node makes the next job go to the other node.
            ["Jobs__WorkerCount"] = "1",
            ["Jobs__QueuePollInterval"] = "00:00:01",
            ["Jobs__InvisibilityTimeout"] = InvisibilityTimeout.ToString(),
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        Node1 = new WebNode("node 1", environment);
        Node2 = new WebNode("node 2", environment);
        // Node 1 first: it prepares Hangfire's schema; then node 2 on the same database and storage.
        await Node1.StartAsync(StartTimeout);
        await Node2.StartAsync(StartTimeout);
        Storage = HangfireSetup.CreateStorage(Database.Provider, Database.ConnectionString, new JobOptions
        {
            InvisibilityTimeout = InvisibilityTimeout,
            QueuePollInterval = TimeSpan.FromSeconds(1),
        });
    }

    /// <summary>Restarts a node a test killed, so every test starts with two nodes.</summary>
    public async Task EnsureRunningAsync()
    {
        foreach (var node in new[] { Node1, Node2 })
            if (!node.Running) await node.StartAsync(StartTimeout);
    }

    /// <summary>The app's core services on the test database (the seeder, the checks).</summary>
    public ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Database.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNarvaroDatabase(configuration);
        services.AddNarvaroCore();
        return services.BuildServiceProvider();
    }

    public WebNode NodeOfServer(string serverId) =>
        new[] { Node1, Node2 }.SingleOrDefault(n => serverId.Contains($":{n.ProcessId}:", StringComparison.Ordinal) || serverId.EndsWith($":{n.ProcessId}", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No node has the Hangfire server id {serverId}.\n{Diagnostics()}");

    public StateData? State(string jobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(jobId);
    }

    public string Diagnostics() =>
        TestProvider.IsSqlite ? "" : Node1.Tail() + "\n" + Node2.Tail();

    /// <summary>An open connection to the test database, outside the app (the test's own locks).</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        var context = Database.CreateContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        if (TestProvider.IsSqlite) return;
        Node1?.Dispose();
        Node2?.Dispose();
        if (Database is not null) await Database.DisposeAsync();
    }
}
