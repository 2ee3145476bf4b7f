using Microsoft.EntityFrameworkCore.Design;
using Narvaro.Data;

namespace Narvaro.Migrations.PostgreSql;

/// <summary>Used by dotnet-ef only: the PostgreSQL model for adding migrations and generating scripts (no server is contacted).</summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NarvaroDbContext>
{
    public NarvaroDbContext CreateDbContext(string[] args) =>
        new(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.PostgreSql,
            "Host=localhost;Database=narvaro;Username=narvaro"));
}
