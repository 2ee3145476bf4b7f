using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Narvaro.Data;

/// <summary>The native SQLite handle of an open connection, for the bulk paths that step statements themselves.</summary>
internal static class SqliteNative
{
    /// <summary>As long as Microsoft.Data.Sqlite's own commands wait for a locked database (its default timeout).</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>
    /// The handle, with SQLite's busy handler set: Microsoft.Data.Sqlite retries a locked database only inside its own
    /// commands, so a statement prepared and stepped through the native API would otherwise fail at once with
    /// "database is locked" while another connection (another evaluation, an import) writes.
    /// </summary>
    public static sqlite3 Handle(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        raw.sqlite3_busy_timeout(handle, BusyTimeoutMilliseconds);
        return handle;
    }
}
