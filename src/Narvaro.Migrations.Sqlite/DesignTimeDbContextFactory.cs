using Microsoft.EntityFrameworkCore.Design;
using Narvaro.Data;

namespace Narvaro.Migrations.Sqlite;

/// <summary>Used by dotnet-ef only: the SQLite model for generating and checking migrations.</summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NarvaroDbContext>
{
    public NarvaroDbContext CreateDbContext(string[] args) =>
        new(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.Sqlite, "Data Source=design-time.db"));
}
