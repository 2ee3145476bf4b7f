namespace Narvaro.Data;

/// <summary>
/// The keys of every PostgreSQL advisory lock the app takes, shared by every node on the database: the counterparts of
/// SQLite's database write lock and SQL Server's sp_getapplock and UPDLOCK. <see cref="Take"/> holds one to the end
/// of the taking transaction; the night's lock (Jobs/NightlyLock) is held by its session.
/// </summary>
public static class PostgreSqlLocks
{
    /// <summary>One staircase evaluation writes at a time.</summary>
    public const long StaircaseEvaluation = 0x4E41525641524F01; // "NARVARO" + 1
    /// <summary>One append to the audit log's hash chain at a time: the last hash is read under it.</summary>
    public const long AuditLogAppend = 0x4E41525641524F02;
    /// <summary>One night (import, evaluation, documents) at a time, held by the session that runs it.</summary>
    public const long NightlyRun = 0x4E41525641524F10;

    public static string Take(long key) => $"SELECT pg_advisory_xact_lock({key})";
}
