using System.Data;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Domain;
using SQLitePCL;

namespace Narvaro.Data;

/// <summary>
/// Writes attendance rows set-based inside the caller's transaction on the context's connection, so a caller that
/// rolls back leaves nothing. Rows are consumed as they are enumerated, so the source can stream millions of them.
/// SQLite: one prepared INSERT re-bound per row. SQL Server: SqlBulkCopy (through a temporary table and one MERGE
/// when rows may already exist). PostgreSQL: binary COPY (<see cref="PostgreSqlAttendanceWriter"/>).
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
        if (db.Database.IsNpgsql())
            return PostgreSqlAttendanceWriter.Upsert((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), rows, cancellationToken);

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
        if (db.Database.IsNpgsql())
            return PostgreSqlAttendanceWriter.InsertNew((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), rows, cancellationToken);
        // CheckConstraints keeps the foreign key to Pupils trusted; without it SQL Server marks it untrusted. FireTriggers
        // keeps the day summaries (the trigger on Attendance), which a bulk copy would otherwise skip.
        return await BulkCopyAsync((SqlConnection)db.Database.GetDbConnection(), (SqlTransaction)transaction, "Attendance",
            SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.TableLock | SqlBulkCopyOptions.FireTriggers, rows, cancellationToken);
    }

    /// <summary>
    /// The importer's path: rows already validated, sorted by key and free of duplicates, replacing rows with the same
    /// key. On SQLite it binds through the native statement API (no per-row objects, parameters bound by index, each
    /// date, time and subject encoded once); on SQL Server it is <see cref="UpsertAsync"/>.
    /// </summary>
    internal static async Task<long> UpsertPackedAsync(NarvaroDbContext db, List<PackedAttendance> rows, IReadOnlyList<string> subjects,
        int newRows, CancellationToken cancellationToken)
    {
        RequireTransaction(db);
        if (db.Database.IsSqlite())
            return WriteSqlitePacked((SqliteConnection)db.Database.GetDbConnection(), rows, subjects, newRows, cancellationToken);
        return await UpsertAsync(db, rows.Select(r => r.ToRecord(subjects)), cancellationToken);
    }

    /// <summary>Page cache for one bulk write on SQLite, in KiB: the key and date index of a few million rows stay in memory.</summary>
    internal const int SqliteBulkCacheKiB = 64 * 1024;

    /// <summary>Below this many new rows the secondary indexes are always maintained row by row.</summary>
    internal const int RebuildIndexesFromNewRows = 100_000;

    private static long WriteSqlitePacked(SqliteConnection connection, List<PackedAttendance> rows, IReadOnlyList<string> subjects,
        int newRows, CancellationToken cancellationToken)
    {
        var handle = SqliteNative.Handle(connection);
        // A bigger cache only for this write: the default 2 MiB spills dirty index pages to disk again and again.
        var cacheSize = SqliteScalar(handle, "PRAGMA cache_size");
        Exec(handle, $"PRAGMA cache_size = -{SqliteBulkCacheKiB}");
        // Inserting in key order scatters the date index's entries; when at least half of the table will be new rows,
        // building the index once is cheaper (measured: 1 M new rows, 1.1 s instead of 1.7 s CPU). All of it is inside the
        // caller's transaction, so a failure rolls the index back too.
        var recreate = newRows >= RebuildIndexesFromNewRows
            && 2L * newRows >= SqliteScalar(handle, """SELECT COUNT(*) FROM "Attendance" """) + newRows
                ? DropSecondaryIndexes(handle)
                : [];
        var batch = Prepare(handle, BatchRows);
        var single = Prepare(handle, 1);
        try
        {
            var binder = new PackedBinder(subjects);
            var span = CollectionsMarshal.AsSpan(rows);
            var i = 0;
            for (; i + BatchRows <= span.Length; i += BatchRows)
            {
                for (var slot = 0; slot < BatchRows; slot++)
                    binder.Bind(batch, slot, span[i + slot]);
                Step(handle, batch);
                if (i % (BatchRows * 2048) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
            }
            binder.Forget();
            for (; i < span.Length; i++)
            {
                binder.Bind(single, 0, span[i]);
                Step(handle, single);
            }
            foreach (var sql in recreate)
                Exec(handle, sql);
            return span.Length;
        }
        finally
        {
            batch.Dispose();
            single.Dispose();
            Exec(handle, $"PRAGMA cache_size = {cacheSize}");
        }
    }

    /// <summary>
    /// Rows per INSERT statement. Several rows per statement share its cursor setup (table, index, foreign key), which
    /// costs about as much as inserting a row; binding is by index, so more parameters cost nothing extra.
    /// </summary>
    private const int BatchRows = 32;

    private static sqlite3_stmt Prepare(sqlite3 handle, int rows)
    {
        var sql = new StringBuilder("""INSERT INTO "Attendance" ("PupilId", "Date", "Start", "End", "ScheduledMinutes", "Subject", "AbsentMinutes", "Type") VALUES """);
        for (var row = 0; row < rows; row++)
        {
            var p = row * PackedBinder.Columns;
            sql.Append(row == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"(?{p + 1},?{p + 2},?{p + 3},?{p + 4},?{p + 5},?{p + 6},?{p + 7},?{p + 8})");
        }
        sql.Append('\n').Append(SqliteOnConflictReplace);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql.ToString(), out var statement), handle);
        return statement;
    }

    private static void Step(sqlite3 handle, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, handle);
        raw.sqlite3_reset(statement);
    }

    /// <summary>
    /// Binds packed rows to a statement's parameters. SQLite keeps bindings across sqlite3_reset, so a value equal to the
    /// one already bound to that parameter is not bound again: in key order pupil, date, times and type mostly repeat.
    /// Dates, times and subjects are encoded to UTF-8 once each.
    /// </summary>
    private sealed class PackedBinder(IReadOnlyList<string> subjects)
    {
        public const int Columns = 8;
        private readonly byte[][] _subjects = subjects.Select(Encoding.UTF8.GetBytes).ToArray();
        private readonly byte[]?[] _times = new byte[24 * 60][];
        private readonly Dictionary<int, byte[]> _dates = [];
        private readonly int[] _bound = Enumerable.Repeat(-1, BatchRows * Columns).ToArray();

        /// <summary>Call when switching statements: the new statement has nothing bound yet.</summary>
        public void Forget() => Array.Fill(_bound, -1);

        public void Bind(sqlite3_stmt statement, int slot, in PackedAttendance row)
        {
            var p = slot * Columns;
            if (Changed(p, row.PupilId)) raw.sqlite3_bind_int(statement, p + 1, row.PupilId);
            if (Changed(p + 1, row.DayNumber)) raw.sqlite3_bind_text(statement, p + 2, Date(row.DayNumber));
            if (Changed(p + 2, row.Start)) raw.sqlite3_bind_text(statement, p + 3, Time(row.Start));
            if (Changed(p + 3, row.End)) raw.sqlite3_bind_text(statement, p + 4, Time(row.End));
            if (Changed(p + 4, row.End - row.Start)) raw.sqlite3_bind_int(statement, p + 5, row.End - row.Start);
            if (Changed(p + 5, row.Subject)) raw.sqlite3_bind_text(statement, p + 6, _subjects[row.Subject]);
            if (Changed(p + 6, row.AbsentMinutes)) raw.sqlite3_bind_int(statement, p + 7, row.AbsentMinutes);
            if (Changed(p + 7, row.Type)) raw.sqlite3_bind_int(statement, p + 8, row.Type);
        }

        private bool Changed(int parameter, int value)
        {
            if (_bound[parameter] == value) return false;
            _bound[parameter] = value;
            return true;
        }

        private byte[] Date(int dayNumber)
        {
            if (!_dates.TryGetValue(dayNumber, out var text))
                _dates.Add(dayNumber, text = Encoding.ASCII.GetBytes(
                    DateOnly.FromDayNumber(dayNumber).ToString(SqliteDateFormat, CultureInfo.InvariantCulture)));
            return text;
        }

        private byte[] Time(int minutes) => _times[minutes] ??= Encoding.ASCII.GetBytes(
            new TimeOnly(minutes / 60, minutes % 60).ToString(SqliteTimeFormat, CultureInfo.InvariantCulture));
    }


    /// <summary>
    /// How many stored rows dated <paramref name="from"/>…<paramref name="to"/> have a key in <paramref name="sortedKeys"/>
    /// (<see cref="PackedAttendance.Key"/>, ascending). SQLite only: reads the date index's keys through the native
    /// API, so a million existing rows cost no objects.
    /// </summary>
    internal static int CountExistingSqlite(SqliteConnection connection, ulong[] sortedKeys, DateOnly from, DateOnly to)
    {
        var handle = SqliteNative.Handle(connection);
        var rc = raw.sqlite3_prepare_v2(handle,
            """SELECT "PupilId", "Date", "Start" FROM "Attendance" WHERE "Date" >= ?1 AND "Date" <= ?2""", out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            raw.sqlite3_bind_text(statement, 1, from.ToString(SqliteDateFormat, CultureInfo.InvariantCulture));
            raw.sqlite3_bind_text(statement, 2, to.ToString(SqliteDateFormat, CultureInfo.InvariantCulture));
            var found = 0;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                // A stored start with seconds can never equal a file key, which is whole minutes.
                if (!TryParseSqliteDate(raw.sqlite3_column_blob(statement, 1), out var date)
                    || !TryParseSqliteMinute(raw.sqlite3_column_blob(statement, 2), out var start))
                    continue;
                if (Array.BinarySearch(sortedKeys, PackedAttendance.KeyOf(raw.sqlite3_column_int(statement, 0), date, start)) >= 0)
                    found++;
            }
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, handle);
            return found;
        }
    }

    internal static bool TryParseSqliteDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        int year = Digits(text[..4]), month = Digits(text.Slice(5, 2)), day = Digits(text.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>"HH:mm:ss" with zero seconds, as minutes of the day.</summary>
    private static bool TryParseSqliteMinute(ReadOnlySpan<byte> text, out int minutes)
    {
        minutes = 0;
        if (!TryParseSqliteTime(text, out var time) || time.Second != 0) return false;
        minutes = time.Hour * 60 + time.Minute;
        return true;
    }

    /// <summary>"HH:mm:ss" as EF Core's SQLite provider stores a TimeOnly without fractions.</summary>
    internal static bool TryParseSqliteTime(ReadOnlySpan<byte> text, out TimeOnly time)
    {
        time = default;
        if (text.Length != 8 || text[2] != ':' || text[5] != ':') return false;
        int hour = Digits(text[..2]), minute = Digits(text.Slice(3, 2)), second = Digits(text.Slice(6, 2));
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59) return false;
        time = new TimeOnly(hour, minute, second);
        return true;
    }

    /// <summary>The ASCII digits as a number, or -1.</summary>
    private static int Digits(ReadOnlySpan<byte> text)
    {
        var value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9') return -1;
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /// <summary>Drops the attendance table's secondary indexes; returns the statements that recreate them as the migration made them.</summary>
    private static List<string> DropSecondaryIndexes(sqlite3 handle)
    {
        var indexes = new List<(string Name, string Sql)>();
        var rc = raw.sqlite3_prepare_v2(handle,
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Attendance' AND sql IS NOT NULL", out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                indexes.Add((raw.sqlite3_column_text(statement, 0).utf8_to_string(), raw.sqlite3_column_text(statement, 1).utf8_to_string()));
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
        }
        foreach (var (name, _) in indexes)
            Exec(handle, "DROP INDEX \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        return indexes.Select(i => i.Sql).ToList();
    }

    private static void Exec(sqlite3 handle, string sql) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(handle, sql), handle);

    private static long SqliteScalar(sqlite3 handle, string sql)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, handle);
            return raw.sqlite3_column_int64(statement, 0);
        }
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

/// <summary>
/// One validated attendance row in 24 bytes (4-byte packing): the key (pupil, day, start minute) packed into one number that sorts
/// like the table's primary key, the source line, and the rest in small integers. Subject indexes a subject list.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct PackedAttendance(int pupilId, DateOnly date, int start, int end, int absentMinutes, int type, int subject, int line)
{
    // PupilId is positive (31 bits), a DayNumber fits 22 bits (year 9999 is 3 652 058), a minute of the day 11 bits.
    public readonly ulong Key = (ulong)pupilId << 33 | (ulong)date.DayNumber << 11 | (uint)start;
    public readonly int Line = line;
    public readonly int Subject = subject;
    public readonly short End = (short)end;
    public readonly short AbsentMinutes = (short)absentMinutes;
    public readonly byte Type = (byte)type;

    public int PupilId => (int)(Key >> 33);
    public int DayNumber => (int)(Key >> 11 & 0x3F_FFFF);
    public DateOnly Date => DateOnly.FromDayNumber(DayNumber);
    public int Start => (int)(Key & 0x7FF);

    public static ulong KeyOf(int pupilId, DateOnly date, int start) => (ulong)pupilId << 33 | (ulong)date.DayNumber << 11 | (uint)start;

    public AttendanceRecord ToRecord(IReadOnlyList<string> subjects) => new()
    {
        PupilId = PupilId,
        Date = Date,
        Start = new TimeOnly(Start / 60, Start % 60),
        End = new TimeOnly(End / 60, End % 60),
        ScheduledMinutes = End - Start,
        Subject = subjects[Subject],
        AbsentMinutes = AbsentMinutes,
        Type = (AttendanceType)Type,
    };
}
