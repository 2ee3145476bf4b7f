using Xunit;

namespace Narvaro.Testing;

/// <summary>
/// A test that needs a server database (PostgreSQL or SQL Server): several processes sharing one database, locks that
/// live on the server, Hangfire's server storage. On SQLite it is reported as skipped with the reason.
/// </summary>
public sealed class ServerDatabaseFactAttribute : FactAttribute
{
    public ServerDatabaseFactAttribute(string why)
    {
        if (TestProvider.IsSqlite) Skip = $"Server database only (NARVARO_TEST_DATABASE=postgresql or sqlserver): {why}";
    }
}
