using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Domain;

namespace Narvaro.Data;

/// <summary>
/// Writes attendance rows set-based inside the caller's transaction on the context's connection, so a caller that
/// rolls back leaves nothing. Rows are consumed as they are enumerated, so the source can stream millions of them.
/// SQLite: one prepared INSERT re-bound per row. SQL Server: SqlBulkCopy (through a temporary table and one MERGE
/// when rows may already exist).
/// </summary>
public static class AttendanceWriter
{
    /// <summary>The text formats EF Core's SQLite provider uses for DateOnly and TimeOnly.</summary>
    public const string SqliteDateFormat = "yyyy-MM-dd";
    public const string SqliteTimeFormat = "HH:mm:ss";

    private const string SqliteInsert = """
        INSERT INTO "Attendance" ("PupilId", "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type")
        VALUES ($pupil, $date, $start, $end, $scheduled, $subject, $absent, $type)
        """;

    private const string SqliteOnConflictReplace = """
        ON CONFLICT ("PupilId", "Date", "Start") DO UPDATE SET
            "End" = excluded."End", "ScheduledMinutes" = excluded."ScheduledMinutes", "Subject" = excluded."Subject",
            "AbsentMinutes" = excluded."AbsentMinutes", "Type" = excluded."Type"
        """;

    /// <summary>Writes the rows, replacing any row with the same key (pupil, date, start).</summary>
    public static async Task<long> UpsertAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken = default)
    {
        var transaction = RequireTransaction(db);
        if (db.Database.IsSqlite())
            return WriteSqlite(db, transaction, SqliteInsert + "\n" + SqliteOnConflictReplace, rows, cancellationToken);

        var connection = (SqlConnection)db.Database.GetDbConnection();
        var sqlTransaction = (SqlTransaction)transaction;
        await using (var create = new SqlCommand("""
            CREATE TABLE #AttendanceLoad (
                PupilId int NOT NULL, [Date] date NOT NULL, [Start] time NOT NULL, [End] time NOT NULL,
                ScheduledMinutes int NOT NULL, Subject nvarchar(100) NOT NULL, AbsentMinutes int NOT NULL, [Type] int NOT NULL)
            """, connection, sqlTransaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var count = await BulkCopyAsync(connection, sqlTransaction, "#AttendanceLoad", SqlBulkCopyOptions.Default, rows, cancellationToken);
        await using var merge = new SqlCommand("""
            MERGE Attendance WITH (HOLDLOCK) AS t
            USING #AttendanceLoad AS s ON t.PupilId = s.PupilId AND t.[Date] = s.[Date] AND t.[Start] = s.[Start]
            WHEN MATCHED THEN UPDATE SET [End] = s.[End], ScheduledMinutes = s.ScheduledMinutes, Subject = s.Subject,
                AbsentMinutes = s.AbsentMinutes, [Type] = s.[Type]
            WHEN NOT MATCHED THEN INSERT (PupilId, [Date], [Start], [End], ScheduledMinutes, Subject, AbsentMinutes, [Type])
                VALUES (s.PupilId, s.[Date], s.[Start], s.[End], s.ScheduledMinutes, s.Subject, s.AbsentMinutes, s.[Type]);
            DROP TABLE #AttendanceLoad;
            """, connection, sqlTransaction) { CommandTimeout = 0 };
        await merge.ExecuteNonQueryAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Appends rows that do not exist yet (demo data, a first load into an empty table): a plain INSERT on SQLite,
    /// a direct SqlBulkCopy into the table on SQL Server. A key that already exists fails the call.
    /// </summary>
    public static async Task<long> InsertNewAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken = default)
    {
        var transaction = RequireTransaction(db);
        if (db.Database.IsSqlite())
            return WriteSqlite(db, transaction, SqliteInsert, rows, cancellationToken);
        // CheckConstraints keeps the foreign key to Pupils trusted; without it SQL Server marks it untrusted.
        return await BulkCopyAsync((SqlConnection)db.Database.GetDbConnection(), (SqlTransaction)transaction, "Attendance",
            SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.TableLock, rows, cancellationToken);
    }

    private static System.Data.Common.DbTransaction RequireTransaction(NarvaroDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("AttendanceWriter must run inside a transaction.");

    // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and a Task per row costs more than the
    // insert. One row per statement: multi-row VALUES measured slower, because binding by name is a linear search
    // over the statement's parameters.
    private static long WriteSqlite(NarvaroDbContext db, System.Data.Common.DbTransaction transaction, string sql,
        IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        using var command = PreparedCommand.Create(db.Database.GetDbConnection(), transaction, sql,
            "$pupil", "$date", "$start", "$end", "$scheduled", "$subject", "$absent", "$type");
        var parameters = command.Parameters;

        // Dates and times repeat millions of times; format each once.
        var dates = new Dictionary<DateOnly, string>();
        var times = new Dictionary<TimeOnly, string>();
        long count = 0;
        foreach (var row in rows)
        {
            parameters[0].Value = row.PupilId;
            parameters[1].Value = Format(dates, row.Date, static d => d.ToString(SqliteDateFormat, CultureInfo.InvariantCulture));
            parameters[2].Value = Format(times, row.Start, static t => t.ToString(SqliteTimeFormat, CultureInfo.InvariantCulture));
            parameters[3].Value = Format(times, row.End, static t => t.ToString(SqliteTimeFormat, CultureInfo.InvariantCulture));
            parameters[4].Value = row.ScheduledMinutes;
            parameters[5].Value = row.Subject;
            parameters[6].Value = row.AbsentMinutes;
            parameters[7].Value = (int)row.Type;
            command.ExecuteNonQuery();
            if (++count % 65_536 == 0)
                cancellationToken.ThrowIfCancellationRequested();
        }
        return count;
    }

    private static string Format<T>(Dictionary<T, string> cache, T value, Func<T, string> format) where T : notnull
    {
        if (!cache.TryGetValue(value, out var text))
            cache[value] = text = format(value);
        return text;
    }

    private static async Task<long> BulkCopyAsync(SqlConnection connection, SqlTransaction transaction, string destination,
        SqlBulkCopyOptions options, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        const int batch = 100_000;
        var table = new DataTable();
        table.Columns.Add("PupilId", typeof(int));
        table.Columns.Add("Date", typeof(DateTime));
        table.Columns.Add("Start", typeof(TimeSpan));
        table.Columns.Add("End", typeof(TimeSpan));
        table.Columns.Add("ScheduledMinutes", typeof(int));
        table.Columns.Add("Subject", typeof(string));
        table.Columns.Add("AbsentMinutes", typeof(int));
        table.Columns.Add("Type", typeof(int));
        using var bulk = new SqlBulkCopy(connection, options, transaction)
        {
            DestinationTableName = destination,
            BulkCopyTimeout = 0,
            BatchSize = batch,
        };
        foreach (DataColumn column in table.Columns)
            bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);

        long count = 0;
        foreach (var row in rows)
        {
            table.Rows.Add(row.PupilId, row.Date.ToDateTime(TimeOnly.MinValue), row.Start.ToTimeSpan(), row.End.ToTimeSpan(),
                row.ScheduledMinutes, row.Subject, row.AbsentMinutes, (int)row.Type);
            count++;
            if (table.Rows.Count == batch)
            {
                await bulk.WriteToServerAsync(table, cancellationToken);
                table.Clear();
            }
        }
        if (table.Rows.Count > 0)
            await bulk.WriteToServerAsync(table, cancellationToken);
        return count;
    }
}
