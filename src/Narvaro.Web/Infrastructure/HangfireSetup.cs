using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Narvaro.Data;
using Narvaro.Jobs;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Infrastructure;

/// <summary>Configuration section "Jobs".</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";
    /// <summary>Run the Hangfire server in this process (every web node does by default; storage coordinates them).</summary>
    public bool RunServer { get; set; } = true;
    public int WorkerCount { get; set; } = 2;
    /// <summary>
    /// Server storage only: how long a job fetched by a node that then died stays invisible before another node takes
    /// it up again. A running job keeps its claim alive (sliding), so only a dead node's job is retried.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often an idle worker asks the storage for a job (server storage).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Hangfire: in-memory storage with SQLite (one process); with SQL Server or PostgreSQL the storage is in that database
/// (several web nodes share it, so a recurring job runs on one node only). The dashboard is for administrators.
/// </summary>
public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddNarvaroJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = DatabaseServiceCollectionExtensions.ReadProvider(configuration);
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        // The app's own storage instance in its container. Hangfire would otherwise resolve the process-wide
        // JobStorage.Current, which any other app built in the same process (tests) replaces.
        services.AddSingleton<JobStorage>(_ => CreateStorage(provider, configuration.GetConnectionString("Narvaro"), options));
        services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .UseStorage(services.GetRequiredService<JobStorage>()));
        if (options.RunServer)
            services.AddHangfireServer((provider, server) =>
            {
                server.WorkerCount = options.WorkerCount;
                // Jobs are built from this app's container, not Hangfire's process-wide default activator.
                server.Activator = provider.GetRequiredService<JobActivator>();
            });
        return services;
    }

    public static JobStorage CreateStorage(DatabaseProvider provider, string? connectionString, JobOptions options)
    {
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                return new SqlServerStorage(() => new Microsoft.Data.SqlClient.SqlConnection(connectionString!),
                    new SqlServerStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,
                        SchemaName = "HangFire",
                        SlidingInvisibilityTimeout = options.InvisibilityTimeout,
                        QueuePollInterval = options.QueuePollInterval,
                    });
            case DatabaseProvider.PostgreSql:
                var postgres = new PostgreSqlStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    SchemaName = "hangfire",
                    InvisibilityTimeout = options.InvisibilityTimeout,
                    UseSlidingInvisibilityTimeout = true,
                    QueuePollInterval = options.QueuePollInterval,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString!, postgres), postgres);
            default:
                return new InMemoryStorage(new InMemoryStorageOptions());
        }
    }

    /// <summary>Registers the recurring schedules (idempotent: same ids every start) and maps the dashboard.</summary>
    public static void UseNarvaroJobs(this WebApplication app)
    {
        JobSchedules.Register(app.Services.GetRequiredService<IRecurringJobManager>());
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, DashboardPath, new DashboardOptions
        {
            // Authorisation is the endpoint's Admin policy; no extra filter.
            Authorization = [],
            DashboardTitle = "Närvaro – bakgrundsjobb",
            DisplayStorageConnectionString = false,
        },
        // This app's storage, not Hangfire's process-wide JobStorage.Current.
        app.Services.GetRequiredService<JobStorage>());
    }
}
