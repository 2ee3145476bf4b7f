using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Narvaro.Data;

namespace Narvaro.Absence;

/// <summary>One difference between the stored day summaries and the sums recomputed from the lessons.</summary>
/// <param name="Column">The summary column that differs, or <see cref="DaySummaryCheck.MissingRow"/> /
/// <see cref="DaySummaryCheck.ExtraRow"/> for a day present on one side only.</param>
/// <param name="Expected">The value from the lessons (null for a summary row without lessons).</param>
/// <param name="Found">The stored value (null for a missing summary row).</param>
public sealed record DaySummaryDifference(int PupilId, string ExternalId, DateOnly Date, string Column, int? Expected, int? Found);

/// <summary>The outcome of a check: how many days were compared, the total of differences and the first few of them.</summary>
public sealed record DaySummaryCheckResult(long DaysChecked, long DifferenceCount, IReadOnlyList<DaySummaryDifference> Differences)
{
    public bool Equal => DifferenceCount == 0;
}

/// <summary>
/// Proves the day summaries (<see cref="Domain.AttendanceDay"/>, kept by triggers) equal to the lessons: recomputes each
/// (pupil, date)'s sums from "Attendance" in one GROUP BY and merges it, in key order, with the stored summaries. Both
/// are streamed; nothing is held in memory but the differences kept for display. Read-only.
/// </summary>
public sealed class DaySummaryCheck(NarvaroDbContext db)
{
    public const string MissingRow = "rad saknas";
    public const string ExtraRow = "rad utan lektioner";

    /// <summary>The summary's value columns, in the order both queries select them.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes", "InvalidMinutes",
        "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals",
    ];

    // Type codes: 1 giltig, 2 ogiltig, 3 ledighet, 4 sen, 5 ej_rapporterad (AttendanceType).
    private const string FromLessons = """
        SELECT "PupilId", "Date", COUNT(*), SUM("ScheduledMinutes"),
               SUM(CASE WHEN "Type" <> 5 THEN 1 ELSE 0 END), SUM(CASE WHEN "Type" <> 5 THEN "ScheduledMinutes" ELSE 0 END),
               SUM(CASE WHEN "Type" = 1 THEN "AbsentMinutes" ELSE 0 END),
               SUM(CASE WHEN "Type" = 2 THEN "AbsentMinutes" ELSE 0 END), SUM(CASE WHEN "Type" = 2 THEN 1 ELSE 0 END),
               SUM(CASE WHEN "Type" = 3 THEN "AbsentMinutes" ELSE 0 END),
               SUM(CASE WHEN "Type" = 4 THEN "AbsentMinutes" ELSE 0 END), SUM(CASE WHEN "Type" = 4 THEN 1 ELSE 0 END)
        FROM "Attendance"
        GROUP BY "PupilId", "Date"
        ORDER BY "PupilId", "Date"
        """;

    private const string Stored = """
        SELECT "PupilId", "Date", "Lessons", "OfferedMinutes", "ReportedLessons", "ReportedMinutes", "ValidMinutes",
               "InvalidMinutes", "InvalidLessons", "LeaveMinutes", "LateMinutes", "LateArrivals"
        FROM "AttendanceDays"
        ORDER BY "PupilId", "Date"
        """;

    /// <summary>Compares every day; keeps at most <paramref name="maxListed"/> differences, counts them all.</summary>
    public async Task<DaySummaryCheckResult> RunAsync(int maxListed = 50, CancellationToken cancellationToken = default)
    {
        var externalIds = await db.Pupils.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ExternalId, cancellationToken);
        var connection = db.Database.GetDbConnection();
        // Two readers at once: SQLite allows it on one connection; SQL Server needs a second connection (no MARS assumed).
        await db.Database.OpenConnectionAsync(cancellationToken);
        DbConnection? second = null;
        try
        {
            var sqlite = db.Database.IsSqlite();
            if (!sqlite)
            {
                second = (DbConnection)((ICloneable)connection).Clone();
                await second.OpenAsync(cancellationToken);
            }
            await using var lessonsCommand = Command(connection, FromLessons);
            await using var storedCommand = Command(second ?? connection, Stored);
            if (second is null) storedCommand.Transaction = lessonsCommand.Transaction;
            await using var expected = await lessonsCommand.ExecuteReaderAsync(cancellationToken);
            await using var found = await storedCommand.ExecuteReaderAsync(cancellationToken);

            var dates = new Dictionary<string, DateOnly>();
            var differences = new List<DaySummaryDifference>();
            long days = 0, count = 0;
            var e = Next(expected);
            var f = Next(found);
            while (e is not null || f is not null)
            {
                if (++days % 65_536 == 0) cancellationToken.ThrowIfCancellationRequested();
                var order = e is null ? 1 : f is null ? -1 : Compare(e.Value, f.Value);
                if (order < 0)
                {
                    Add(e!.Value.PupilId, e.Value.Date, MissingRow, e.Value.Values[0], null);
                    e = Next(expected);
                }
                else if (order > 0)
                {
                    Add(f!.Value.PupilId, f.Value.Date, ExtraRow, null, f.Value.Values[0]);
                    f = Next(found);
                }
                else
                {
                    for (var i = 0; i < Columns.Count; i++)
                        if (e!.Value.Values[i] != f!.Value.Values[i])
                            Add(e.Value.PupilId, e.Value.Date, Columns[i], e.Value.Values[i], f.Value.Values[i]);
                    e = Next(expected);
                    f = Next(found);
                }
            }
            return new DaySummaryCheckResult(days, count, differences);

            void Add(int pupilId, DateOnly date, string column, int? wanted, int? stored)
            {
                count++;
                if (differences.Count < maxListed)
                    differences.Add(new DaySummaryDifference(pupilId, externalIds.GetValueOrDefault(pupilId, "?"), date, column, wanted, stored));
            }

            Row? Next(DbDataReader reader)
            {
                if (!reader.Read()) return null;
                var values = new int[Columns.Count];
                for (var i = 0; i < values.Length; i++) values[i] = reader.GetInt32(i + 2);
                var date = sqlite ? DateOf(dates, reader.GetString(1)) : reader.GetFieldValue<DateOnly>(1);
                return new Row(reader.GetInt32(0), date, values);
            }
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        if (connection == db.Database.GetDbConnection())
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static int Compare(Row a, Row b) =>
        a.PupilId != b.PupilId ? a.PupilId.CompareTo(b.PupilId) : a.Date.CompareTo(b.Date);

    private static DateOnly DateOf(Dictionary<string, DateOnly> dates, string text)
    {
        if (!dates.TryGetValue(text, out var date))
            dates[text] = date = DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return date;
    }

    private readonly record struct Row(int PupilId, DateOnly Date, int[] Values);
}
