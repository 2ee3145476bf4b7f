using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Domain;

namespace Narvaro.Data;

/// <summary>
/// Writes attendance rows set-based, replacing any row with the same key (pupil, date, start).
/// Runs inside the caller's transaction on the context's connection, so a caller that rolls back leaves nothing.
/// SQLite: one prepared INSERT … ON CONFLICT DO UPDATE re-bound per row. SQL Server: SqlBulkCopy into a
/// temporary table, then one MERGE. <see cref="InsertNewAsync"/> is the faster path for rows known to be new.
/// </summary>
public static class AttendanceWriter
{
    /// <summary>The text formats EF Core's SQLite provider uses for DateOnly and TimeOnly.</summary>
    public const string SqliteDateFormat = "yyyy-MM-dd";
    public const string SqliteTimeFormat = "HH:mm:ss";

    public static async Task<int> UpsertAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("AttendanceWriter must run inside a transaction.");
        return db.Database.IsSqlite()
            ? await UpsertSqliteAsync(db, rows, cancellationToken)
            : await UpsertSqlServerAsync(db, rows, cancellationToken);
    }

    private static async Task<int> UpsertSqliteAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "Attendance" ("PupilId", "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type")
            VALUES ($pupil, $date, $start, $end, $scheduled, $subject, $absent, $type)
            ON CONFLICT ("PupilId", "Date", "Start") DO UPDATE SET
                "End" = excluded."End", "ScheduledMinutes" = excluded."ScheduledMinutes", "Subject" = excluded."Subject",
                "AbsentMinutes" = excluded."AbsentMinutes", "Type" = excluded."Type"
            """;
        var pupil = Add(command, "$pupil");
        var date = Add(command, "$date");
        var start = Add(command, "$start");
        var end = Add(command, "$end");
        var scheduled = Add(command, "$scheduled");
        var subject = Add(command, "$subject");
        var absent = Add(command, "$absent");
        var type = Add(command, "$type");
        await command.PrepareAsync(cancellationToken);

        var count = 0;
        foreach (var row in rows)
        {
            pupil.Value = row.PupilId;
            date.Value = row.Date.ToString(SqliteDateFormat);
            start.Value = row.Start.ToString(SqliteTimeFormat);
            end.Value = row.End.ToString(SqliteTimeFormat);
            scheduled.Value = row.ScheduledMinutes;
            subject.Value = row.Subject;
            absent.Value = row.AbsentMinutes;
            type.Value = (int)row.Type;
            await command.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }
        return count;
    }

    /// <summary>
    /// Appends rows that do not exist yet (demo data, a first load into an empty table): a plain INSERT on SQLite,
    /// a direct SqlBulkCopy into the table on SQL Server. A key that already exists fails the call.
    /// Rows are consumed as they are enumerated, so the source can stream millions of them.
    /// </summary>
    public static async Task<long> InsertNewAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("AttendanceWriter must run inside a transaction.");
        return db.Database.IsSqlite()
            ? InsertSqlite(db, rows, cancellationToken)
            : await InsertSqlServerAsync(db, rows, cancellationToken);
    }

    // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and a Task per row costs more than the
    // insert. One row per statement: multi-row VALUES measured slower, because binding by name is a linear search
    // over the statement's parameters.
    private static long InsertSqlite(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "Attendance" ("PupilId", "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type")
            VALUES ($pupil, $date, $start, $end, $scheduled, $subject, $absent, $type)
            """;
        var pupil = Add(command, "$pupil");
        var date = Add(command, "$date");
        var start = Add(command, "$start");
        var end = Add(command, "$end");
        var scheduled = Add(command, "$scheduled");
        var subject = Add(command, "$subject");
        var absent = Add(command, "$absent");
        var type = Add(command, "$type");
        command.Prepare();

        // Dates and times repeat millions of times; format each once.
        var dates = new Dictionary<DateOnly, string>();
        var times = new Dictionary<TimeOnly, string>();
        long count = 0;
        foreach (var row in rows)
        {
            pupil.Value = row.PupilId;
            date.Value = Format(dates, row.Date, static d => d.ToString(SqliteDateFormat, CultureInfo.InvariantCulture));
            start.Value = Format(times, row.Start, static t => t.ToString(SqliteTimeFormat, CultureInfo.InvariantCulture));
            end.Value = Format(times, row.End, static t => t.ToString(SqliteTimeFormat, CultureInfo.InvariantCulture));
            scheduled.Value = row.ScheduledMinutes;
            subject.Value = row.Subject;
            absent.Value = row.AbsentMinutes;
            type.Value = (int)row.Type;
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

    private static async Task<long> InsertSqlServerAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        var connection = (SqlConnection)db.Database.GetDbConnection();
        var transaction = (SqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var table = NewAttendanceTable();
        // CheckConstraints keeps the foreign key to Pupils trusted; without it SQL Server marks it untrusted.
        using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.TableLock, transaction)
        {
            DestinationTableName = "Attendance",
            BulkCopyTimeout = 0,
            BatchSize = 100_000,
        };
        foreach (DataColumn column in table.Columns)
            bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);

        long count = 0;
        foreach (var row in rows)
        {
            table.Rows.Add(row.PupilId, row.Date.ToDateTime(TimeOnly.MinValue), row.Start.ToTimeSpan(), row.End.ToTimeSpan(),
                row.ScheduledMinutes, row.Subject, row.AbsentMinutes, (int)row.Type);
            count++;
            if (table.Rows.Count == 100_000)
            {
                await bulk.WriteToServerAsync(table, cancellationToken);
                table.Clear();
            }
        }
        if (table.Rows.Count > 0)
            await bulk.WriteToServerAsync(table, cancellationToken);
        return count;
    }

    private static DataTable NewAttendanceTable()
    {
        var table = new DataTable();
        table.Columns.Add("PupilId", typeof(int));
        table.Columns.Add("Date", typeof(DateTime));
        table.Columns.Add("Start", typeof(TimeSpan));
        table.Columns.Add("End", typeof(TimeSpan));
        table.Columns.Add("ScheduledMinutes", typeof(int));
        table.Columns.Add("Subject", typeof(string));
        table.Columns.Add("AbsentMinutes", typeof(int));
        table.Columns.Add("Type", typeof(int));
        return table;
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task<int> UpsertSqlServerAsync(NarvaroDbContext db, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        var connection = (SqlConnection)db.Database.GetDbConnection();
        var transaction = (SqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();

        await using (var create = new SqlCommand("""
            CREATE TABLE #AttendanceLoad (
                PupilId int NOT NULL, [Date] date NOT NULL, [Start] time NOT NULL, [End] time NOT NULL,
                ScheduledMinutes int NOT NULL, Subject nvarchar(100) NOT NULL, AbsentMinutes int NOT NULL, [Type] int NOT NULL)
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var table = new DataTable();
        table.Columns.Add("PupilId", typeof(int));
        table.Columns.Add("Date", typeof(DateTime));
        table.Columns.Add("Start", typeof(TimeSpan));
        table.Columns.Add("End", typeof(TimeSpan));
        table.Columns.Add("ScheduledMinutes", typeof(int));
        table.Columns.Add("Subject", typeof(string));
        table.Columns.Add("AbsentMinutes", typeof(int));
        table.Columns.Add("Type", typeof(int));

        using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, transaction)
        {
            DestinationTableName = "#AttendanceLoad",
            BulkCopyTimeout = 0,
        };
        var count = 0;
        foreach (var row in rows)
        {
            table.Rows.Add(row.PupilId, row.Date.ToDateTime(TimeOnly.MinValue), row.Start.ToTimeSpan(), row.End.ToTimeSpan(),
                row.ScheduledMinutes, row.Subject, row.AbsentMinutes, (int)row.Type);
            count++;
            if (table.Rows.Count == 50_000)
            {
                await bulk.WriteToServerAsync(table, cancellationToken);
                table.Clear();
            }
        }
        if (table.Rows.Count > 0)
            await bulk.WriteToServerAsync(table, cancellationToken);

        await using var merge = new SqlCommand("""
            MERGE Attendance WITH (HOLDLOCK) AS t
            USING #AttendanceLoad AS s ON t.PupilId = s.PupilId AND t.[Date] = s.[Date] AND t.[Start] = s.[Start]
            WHEN MATCHED THEN UPDATE SET [End] = s.[End], ScheduledMinutes = s.ScheduledMinutes, Subject = s.Subject,
                AbsentMinutes = s.AbsentMinutes, [Type] = s.[Type]
            WHEN NOT MATCHED THEN INSERT (PupilId, [Date], [Start], [End], ScheduledMinutes, Subject, AbsentMinutes, [Type])
                VALUES (s.PupilId, s.[Date], s.[Start], s.[End], s.ScheduledMinutes, s.Subject, s.AbsentMinutes, s.[Type]);
            DROP TABLE #AttendanceLoad;
            """, connection, transaction) { CommandTimeout = 0 };
        await merge.ExecuteNonQueryAsync(cancellationToken);
        return count;
    }
}
