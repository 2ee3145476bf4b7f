namespace Narvaro.Data;

/// <summary>
/// PostgreSQL advisory locks held to the end of the taking transaction (pg_advisory_xact_lock), shared by every node on
/// the database: the counterparts of SQLite's database write lock and SQL Server's sp_getapplock and UPDLOCK.
/// </summary>
public static class PostgreSqlLocks
{
    /// <summary>One staircase evaluation writes at a time.</summary>
    public const long StaircaseEvaluation = 0x4E41525641524F01; // "NARVARO" + 1
    /// <summary>One append to the audit log's hash chain at a time: the last hash is read under it.</summary>
    public const long AuditLogAppend = 0x4E41525641524F02;

    public static string Take(long key) => $"SELECT pg_advisory_xact_lock({key})";
}
