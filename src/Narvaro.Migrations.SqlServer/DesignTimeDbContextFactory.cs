using Microsoft.EntityFrameworkCore.Design;
using Narvaro.Data;

namespace Narvaro.Migrations.SqlServer;

/// <summary>Used by dotnet-ef only: the SQL Server model for generating scripts offline (no server is contacted).</summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NarvaroDbContext>
{
    public NarvaroDbContext CreateDbContext(string[] args) =>
        new(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.SqlServer,
            "Server=localhost;Database=Narvaro;Trusted_Connection=False;TrustServerCertificate=True"));
}
