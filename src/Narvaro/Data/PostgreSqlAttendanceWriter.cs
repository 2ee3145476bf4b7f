using Narvaro.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Narvaro.Data;

/// <summary>
/// AttendanceWriter on PostgreSQL: Npgsql's binary COPY, straight into "Attendance" for new rows, or into a temporary
/// table and one INSERT … ON CONFLICT DO UPDATE when rows may already exist. The day-summary triggers are
/// statement-level, so the COPY's rows are folded into AttendanceDays in one grouped pass. Runs on the context's
/// connection, inside its transaction.
/// </summary>
internal static class PostgreSqlAttendanceWriter
{
    private const string ColumnList = """
        "PupilId", "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type"
        """;

    public static long InsertNew(NpgsqlConnection connection, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken) =>
        Copy(connection, "\"Attendance\"", rows, cancellationToken);

    public static long Upsert(NpgsqlConnection connection, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        Execute(connection, """
            CREATE TEMPORARY TABLE attendance_load (LIKE "Attendance" INCLUDING DEFAULTS) ON COMMIT DROP
            """);
        var count = Copy(connection, "attendance_load", rows, cancellationToken);
        Execute(connection, $"""
            INSERT INTO "Attendance" ({ColumnList})
            SELECT {ColumnList} FROM attendance_load
            ON CONFLICT ("PupilId", "Date", "Start") DO UPDATE SET
                "End" = EXCLUDED."End", "ScheduledMinutes" = EXCLUDED."ScheduledMinutes", "Subject" = EXCLUDED."Subject",
                "AbsentMinutes" = EXCLUDED."AbsentMinutes", "Type" = EXCLUDED."Type";
            DROP TABLE attendance_load;
            """);
        return count;
    }

    // Synchronous on purpose: an awaited write per value costs more than the value.
    private static long Copy(NpgsqlConnection connection, string table, IEnumerable<AttendanceRecord> rows, CancellationToken cancellationToken)
    {
        long count = 0;
        using (var import = connection.BeginBinaryImport($"COPY {table} ({ColumnList}) FROM STDIN (FORMAT BINARY)"))
        {
            import.Timeout = TimeSpan.Zero;
            foreach (var row in rows)
            {
                import.StartRow();
                import.Write(row.PupilId, NpgsqlDbType.Integer);
                import.Write(row.Date, NpgsqlDbType.Date);
                import.Write(row.Start, NpgsqlDbType.Time);
                import.Write(row.End, NpgsqlDbType.Time);
                import.Write(row.ScheduledMinutes, NpgsqlDbType.Integer);
                import.Write(row.Subject, NpgsqlDbType.Varchar);
                import.Write(row.AbsentMinutes, NpgsqlDbType.Integer);
                import.Write((int)row.Type, NpgsqlDbType.Integer);
                if (++count % 65_536 == 0)
                    cancellationToken.ThrowIfCancellationRequested();
            }
            import.Complete();
        }
        return count;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}
