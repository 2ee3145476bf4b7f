using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Narvaro.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "Narvaro.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Narvaro.Migrations.SqlServer";
    public const string PostgreSqlMigrationsAssembly = "Narvaro.Migrations.PostgreSql";
    public const string DefaultSqliteConnection = "Data Source=narvaro.db";

    /// <summary>Registers <see cref="NarvaroDbContext"/> on the provider named by Database:Provider.</summary>
    public static IServiceCollection AddNarvaroDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = ReadProvider(configuration);
        var connectionString = configuration.GetConnectionString("Narvaro")
            ?? (provider == DatabaseProvider.Sqlite
                ? DefaultSqliteConnection
                : throw new InvalidOperationException($"ConnectionStrings:Narvaro must be set for the {provider} provider."));
        services.AddSingleton(new DatabaseOptions { Provider = provider });
        services.AddDbContext<NarvaroDbContext>(options => Configure(options, provider, connectionString));
        return services;
    }

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[$"{DatabaseOptions.Section}:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use Sqlite, SqlServer or PostgreSql.");
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly));
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider));
        }
    }

    public static DbContextOptions<NarvaroDbContext> CreateOptions(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<NarvaroDbContext>();
        Configure(builder, provider, connectionString);
        return builder.Options;
    }
}
