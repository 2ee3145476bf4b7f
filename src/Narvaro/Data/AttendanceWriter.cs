using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Domain;

namespace Narvaro.Data;

/// <summary>
/// Writes attendance rows set-based, replacing any row with the same key (pupil, date, start).
/// Runs inside the caller's transaction on the context's connection, so a caller that rolls back leaves nothing.
/// SQLite: one prepared INSERT … ON CONFLICT DO UPDATE re-bound per row. SQL Server: SqlBulkCopy into a
/// temporary table, then one MERGE.
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
