using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Narvaro.Absence;
using Narvaro.Data;
using Narvaro.Escalation;

// The nightly evaluation against one raw SQL aggregation over the same window, on the same SQLite file.
//
//   dotnet run -c Release --project tests/Narvaro.Benchmarks -- --db FILE --as-of YYYY-MM-DD [--runs 3]
//
// FILE is a database filled by `narvaro seed-demo`. Each measurement runs in a child process of its own (so its
// peak memory is its own) on a fresh copy of FILE (so every evaluation starts with no cases, as on the first
// night). The raw aggregation `SELECT pupil, SUM(...) ... GROUP BY pupil` is timed three ways: as written (SQLite
// picks the plan), forced to scan the table, and walking pupils and seeking each one's window in the key — the
// access path the evaluation itself uses. Both ratios are printed: against the plain query and against the fastest.

// Other benchmarks: `pdf` (prefilled Bilaga 1 per second, PdfBenchmark.cs), `import` (CSV import against the sqlite3
// shell's .import, ImportBenchmark.cs), `national` (the goals of issue #13 side by side: raw GROUP BY over lessons and
// over day summaries, the evaluation, the whole first night, growth from documents, peak memory; NationalBenchmark.cs).
if (args is ["pdf", ..])
    return PdfBenchmark.Run(args[1..]);
if (args is ["import", ..])
    return await Narvaro.Benchmarks.ImportBenchmark.RunAsync(args[1..]);
if (args is ["national", ..])
    return await Narvaro.Benchmarks.NationalBenchmark.RunAsync(args[1..]);
// PostgreSQL (issue #14, PostgresBenchmark.cs): `pg-import` (the import against psql's \copy) and `pg-nightly` (the
// evaluation on PostgreSQL against the same on SQLite).
if (args is ["pg-import", ..])
    return await Narvaro.Benchmarks.PostgresBenchmark.ImportAsync(args[1..]);
if (args is ["pg-nightly", ..])
    return await Narvaro.Benchmarks.PostgresBenchmark.NightlyAsync(args[1..]);

var options = Args.Parse(args);
if (options.Child is { } child)
    return await Child.RunAsync(child, options);
return await Driver.RunAsync(options);

internal sealed record Args(string Db, DateOnly AsOf, int Runs, string? Child)
{
    public static Args Parse(string[] args)
    {
        string? db = null, child = null;
        DateOnly? asOf = null;
        var runs = 3;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db": db = args[++i]; break;
                case "--as-of": asOf = DateOnly.ParseExact(args[++i], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--child": child = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        return new Args(db ?? throw new ArgumentException("--db FILE is required"),
            asOf ?? throw new ArgumentException("--as-of YYYY-MM-DD is required"), runs, child);
    }
}

internal static class Driver
{
    /// <summary>The baseline twice (both plans), then the evaluation's parts, then the whole evaluation.</summary>
    private static readonly string[] Names = ["raw", "raw-scan", "raw-by-pupil", "day-query", "measures", "evaluate", "evaluate-again"];

    public static async Task<int> RunAsync(Args options)
    {
        var db = Path.GetFullPath(options.Db);
        Console.WriteLine($"Database {db} ({new FileInfo(db).Length / 1024.0 / 1024.0:0} MiB), as of {options.AsOf:yyyy-MM-dd}, {Environment.ProcessorCount} cores");
        await using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            Console.WriteLine($"Pupils {Scalar(connection, "SELECT COUNT(*) FROM \"Pupils\"")}, attendance rows {Scalar(connection, "SELECT COUNT(*) FROM \"Attendance\"")}");
        }

        var results = new List<(string Name, double Seconds, double PeakMiB)>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var name in Names)
            {
                var copy = Path.Combine(Path.GetTempPath(), $"narvaro-bench-{Guid.NewGuid():N}.db");
                File.Copy(db, copy);
                try
                {
                    var (seconds, peak) = await RunChildAsync(name, copy, options.AsOf);
                    results.Add((name, seconds, peak));
                    Console.WriteLine($"run {run} {name,-15} {seconds,8:0.000} s  peak {peak,7:0} MiB");
                }
                finally
                {
                    File.Delete(copy);
                }
            }
        }

        double Best(string name) => results.Where(r => r.Name == name).Min(r => r.Seconds);
        double Peak(string name) => results.Where(r => r.Name == name).Max(r => r.PeakMiB);
        var plain = Best("raw");
        var fastest = new[] { "raw", "raw-scan", "raw-by-pupil" }.Min(Best);
        var evaluation = Best("evaluate");
        Console.WriteLine();
        Console.WriteLine($"best of {options.Runs} runs each:");
        Console.WriteLine($"raw aggregation as written: {plain:0.000} s; scanning: {Best("raw-scan"):0.000} s; pupil by pupil: {Best("raw-by-pupil"):0.000} s");
        Console.WriteLine($"evaluation's day query alone: {Best("day-query"):0.000} s; all measures: {Best("measures"):0.000} s");
        Console.WriteLine($"nightly evaluation, first night: {evaluation:0.000} s, peak {Peak("evaluate"):0} MiB");
        Console.WriteLine($"nightly evaluation, same night again: {Best("evaluate-again"):0.000} s, peak {Peak("evaluate-again"):0} MiB");
        Console.WriteLine($"ratio evaluation / raw aggregation as written: {evaluation / plain:0.00}; / fastest raw aggregation: {evaluation / fastest:0.00}");
        Console.WriteLine("targets: ratio ≤ 1.5, evaluation ≤ 60 s, peak ≤ 1024 MiB");
        return 0;
    }

    private static async Task<(double Seconds, double PeakMiB)> RunChildAsync(string name, string db, DateOnly asOf)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Under `dotnet Narvaro.Benchmarks.dll` the process is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(Driver).Assembly.Location);
        foreach (var a in new[] { "--child", name, "--db", db, "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} failed: {error}");
        if (error.Length > 0) Console.WriteLine($"    {name}: {error.Trim().Replace("\n", "\n    ")}");
        var parts = output.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

/// <summary>One measurement; prints "seconds peakMiB".</summary>
internal static class Child
{
    public static async Task<int> RunAsync(string name, Args options)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = options.Db, Pooling = false }.ToString();
        var window = AbsenceWindow.Rolling(options.AsOf, 30);
        var watch = Stopwatch.StartNew();
        switch (name)
        {
            case "raw":
            case "raw-scan":
            case "raw-by-pupil":
                await RawAggregationAsync(connectionString, window, name);
                break;
            case "day-query":
                DayQuery(connectionString, window);
                break;
            case "measures":
                await MeasuresAsync(connectionString, options.AsOf);
                break;
            case "evaluate":
                await EvaluateAsync(connectionString, options.AsOf);
                break;
            case "evaluate-again":
                await EvaluateAsync(connectionString, options.AsOf);
                watch.Restart();
                await EvaluateAsync(connectionString, options.AsOf);
                break;
            default:
                throw new ArgumentException(name);
        }
        watch.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:0.000} {self.PeakWorkingSet64 / 1024.0 / 1024.0:0.0}"));
        return 0;
    }

    /// <summary>SELECT pupil, SUM(...) … GROUP BY pupil over the window, read to the end.</summary>
    private static async Task RawAggregationAsync(string connectionString, AbsenceWindow window, string plan)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var (pupil, source) = plan switch
        {
            "raw-scan" => ("\"PupilId\"", "\"Attendance\" NOT INDEXED"),
            "raw-by-pupil" => ("p.\"Id\"", "\"Pupils\" p NOT INDEXED CROSS JOIN \"Attendance\" a ON a.\"PupilId\" = p.\"Id\""),
            _ => ("\"PupilId\"", "\"Attendance\""),
        };
        command.CommandText = $"""
            SELECT {pupil}, SUM("ScheduledMinutes"), SUM(CASE WHEN "Type" <> 5 THEN "ScheduledMinutes" ELSE 0 END), SUM("AbsentMinutes")
            FROM {source}
            WHERE "Date" >= @from AND "Date" <= @to
            GROUP BY {pupil}
            """;
        command.Parameters.AddWithValue("@from", window.From);
        command.Parameters.AddWithValue("@to", window.To);
        long sum = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            sum += reader.GetInt64(1) + reader.GetInt64(2) + reader.GetInt64(3);
        GC.KeepAlive(sum);
    }

    /// <summary>The evaluation's one bulk read alone: the (pupil, date) sums streamed to the end.</summary>
    private static void DayQuery(string connectionString, AbsenceWindow window)
    {
        using var db = Context(connectionString);
        long days = 0;
        foreach (var _ in new AttendanceDayQuery(db).Stream(window)) days++;
        Console.Error.WriteLine($"{days} pupil-days");
    }

    /// <summary>Every pupil's measures (the read half of the evaluation).</summary>
    private static async Task MeasuresAsync(string connectionString, DateOnly asOf)
    {
        await using var db = Context(connectionString);
        var measures = await new MeasureService(db, new AttendanceDayQuery(db)).RollingAsync(asOf);
        Console.Error.WriteLine($"{measures.Count} pupils, {measures.Count(m => m.Evaluated)} evaluated");
    }

    private static NarvaroDbContext Context(string connectionString) =>
        new(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.Sqlite, connectionString));

    private static async Task EvaluateAsync(string connectionString, DateOnly asOf)
    {
        await using var db = new NarvaroDbContext(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.Sqlite, connectionString));
        var days = new AttendanceDayQuery(db);
        var evaluator = new StaircaseEvaluator(db, new MeasureService(db, days), days, TimeProvider.System, NullLogger<StaircaseEvaluator>.Instance);
        var result = await evaluator.EvaluateAsync(asOf, "benchmark");
        Console.Error.WriteLine($"measures {result.MeasureTime.TotalSeconds:0.000} s, total {result.Elapsed.TotalSeconds:0.000} s, " +
            $"{result.CasesOpened} cases opened, {result.TasksRaised + result.DayTasksRaised} tasks");
    }
}
