using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Narvaro.Absence;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Jobs;

// The goals of issue #13 in one run, side by side on the same database file:
//
//   dotnet run -c Release --project tests/Narvaro.Benchmarks -- national --db FILE [--as-of YYYY-MM-DD] [--runs 3]
//       [--night-runs N] [--only NAME,NAME] [--keep-night FILE]
//
// FILE is a database filled by `narvaro seed-demo` (no night run on it yet). --as-of defaults to the last date with
// lessons. Each measurement runs in a child process of its own (its peak memory is its own: VmHWM) on a fresh copy of
// FILE (so the evaluation and the night start with no cases, as on the first night):
//   lessons, lessons-scan, lessons-by-pupil     raw `SELECT pupil, SUM(..) FROM "Attendance" WHERE window GROUP BY pupil`,
//                                               as written / forced to scan / seeking each pupil's window in the key
//   summaries, summaries-scan, summaries-by-pupil  the same over "AttendanceDays" for the same window
//   evaluate                                    StaircaseEvaluator alone (the first night's evaluation)
//   night                                       NightlyRun: evaluation + documents (no SS 12000 source configured)
// After the evaluation and after the night the child checkpoints and reads page_count × page_size, so the growth
// from documents is size(after night) − size(after evaluation), both from the same file; it also sums
// CaseDocuments.SizeBytes and the stored bytes (Content + Snapshot). The window is the one the evaluation uses:
// AbsenceWindow.Rolling(asOf, WindowDays) of the policy stored for the huvudman (the demo's Trosa policy).
// EF's model is built and a first connection opened before the clock starts (a fixed per-process cost).
// The services are resolved from the same registrations as the CLI (AddNarvaroDatabase + AddNarvaroCore), so the
// harness follows constructor changes of the evaluator, the night and the document attacher.
// Every goal is printed with its measured value, target and verdict; the exit code is 0 when all are met, 3 when not.

namespace Narvaro.Benchmarks;

internal static class NationalBenchmark
{
    private static readonly string[] LessonPlans = ["lessons", "lessons-scan", "lessons-by-pupil"];
    private static readonly string[] SummaryPlans = ["summaries", "summaries-scan", "summaries-by-pupil"];
    private static readonly string[] All = [.. LessonPlans, .. SummaryPlans, "evaluate", "night"];

    /// <summary>The database growth from documents the issue measured on main: 38 658 PDFs, about 1.5 GB.</summary>
    private const double DocumentsTodayBytes = 1.5e9;
    private const double PeakLimitMiB = 512;

    private sealed record Options(string Db, DateOnly? AsOf, int Runs, int NightRuns, string[] Only, string? KeepNight, string? Child);

    private sealed record Measurement(string Name, double Seconds, double PeakMiB, double CpuSeconds, Dictionary<string, string> Facts);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options.Child is { } child)
            return await ChildAsync(child, options.Db, options.AsOf!.Value);
        return await DriveAsync(options);
    }

    private static Options Parse(string[] args)
    {
        string? db = null, child = null, keep = null;
        DateOnly? asOf = null;
        int runs = 3, nightRuns = -1;
        var only = All;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db": db = args[++i]; break;
                case "--as-of": asOf = DateOnly.ParseExact(args[++i], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--night-runs": nightRuns = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--only":
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var name in only)
                        if (!All.Contains(name)) throw new ArgumentException($"Unknown measurement {name}; known: {string.Join(", ", All)}");
                    break;
                case "--keep-night": keep = args[++i]; break;
                case "--child": child = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        if (runs < 1) throw new ArgumentException("--runs must be at least 1");
        return new Options(db ?? throw new ArgumentException("--db FILE is required"), asOf, runs,
            nightRuns < 0 ? runs : nightRuns, only, keep, child);
    }

    /// <summary>The copy and the child in flight, removed and stopped if the driver is stopped (Ctrl-C, SIGTERM).</summary>
    private static string? currentCopy;
    private static Process? currentChild;
    private static PosixSignalRegistration[] signals = [];

    private static void Abandon()
    {
        try { currentChild?.Kill(entireProcessTree: true); }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or System.ComponentModel.Win32Exception) { }
        if (currentCopy is { } copy)
            foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" }) File.Delete(file);
    }

    private static async Task<int> DriveAsync(Options options)
    {
        signals = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, _ => Abandon()))];
        var db = Path.GetFullPath(options.Db);
        if (!File.Exists(db)) throw new FileNotFoundException($"No database at {db}", db);
        if (File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0)
            throw new InvalidOperationException($"{db}-wal is not empty: close the writer (or run `sqlite3 {db} 'PRAGMA wal_checkpoint(TRUNCATE)'`) so a copy of the file alone is the whole database.");

        DateOnly asOf;
        int windowDays;
        await using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            asOf = options.AsOf ?? DateOnly.ParseExact(Scalar(connection, "SELECT MAX(\"Date\") FROM \"AttendanceDays\"") as string
                ?? throw new InvalidOperationException("No day summaries: pass --as-of"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            windowDays = WindowDays(connection);
            var window = AbsenceWindow.Rolling(asOf, windowDays);
            var cases = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Cases\""), CultureInfo.InvariantCulture);
            var file = new FileInfo(db);
            file = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
            Console.WriteLine($"Database {db} ({file.Length / 1048576.0:0} MiB), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine($"Pupils {Count(connection, "SELECT COUNT(*) FROM \"Pupils\"")}; lesson rows {Count(connection, "SELECT COUNT(*) FROM \"Attendance\"")} " +
                $"(window {Count(connection, "SELECT COUNT(*) FROM \"Attendance\" WHERE \"Date\" >= @from AND \"Date\" <= @to", window)}); " +
                $"summary rows {Count(connection, "SELECT COUNT(*) FROM \"AttendanceDays\"")} " +
                $"(window {Count(connection, "SELECT COUNT(*) FROM \"AttendanceDays\" WHERE \"Date\" >= @from AND \"Date\" <= @to", window)})");
            Console.WriteLine($"As of {asOf:yyyy-MM-dd}; window {window.From:yyyy-MM-dd} – {window.To:yyyy-MM-dd} ({windowDays} days, the stored policy)");
            if (cases > 0)
                Console.WriteLine($"warning: the file already holds {cases} cases, so this is not a first night; use a file fresh from seed-demo.");
        }
        Console.WriteLine();

        var results = new List<Measurement>();
        for (var run = 1; run <= Math.Max(options.Runs, options.NightRuns); run++)
        {
            foreach (var name in options.Only)
            {
                if (run > (name == "night" ? options.NightRuns : options.Runs)) continue;
                var copy = Path.Combine(Path.GetTempPath(), $"narvaro-national-{Guid.NewGuid():N}.db");
                currentCopy = copy;
                File.Copy(db, copy);
                var keep = false;
                try
                {
                    var m = await RunChildAsync(name, copy, asOf);
                    results.Add(m);
                    var facts = string.Join(" ", m.Facts.Where(f => f.Key != "note").Select(f => $"{f.Key}={f.Value}"));
                    Console.WriteLine($"run {run} {name,-19} {m.Seconds,9:0.000} s  cpu {m.CpuSeconds,8:0.000} s  peak {m.PeakMiB,6:0} MiB  {facts}");
                    if (m.Facts.TryGetValue("note", out var note)) Console.WriteLine($"      {note}");
                    if (name == "night" && options.KeepNight is { } target && run == options.NightRuns)
                    {
                        // A WAL or shared-memory file left beside an older kept database must not meet the new one.
                        File.Delete(Path.GetFullPath(target) + "-wal");
                        File.Delete(Path.GetFullPath(target) + "-shm");
                        File.Move(copy, Path.GetFullPath(target), overwrite: true);
                        keep = true;
                        Console.WriteLine($"      the night's database is kept as {Path.GetFullPath(target)}");
                    }
                }
                finally
                {
                    if (!keep) File.Delete(copy);
                    File.Delete(copy + "-wal");
                    File.Delete(copy + "-shm");
                    currentCopy = null;
                }
            }
        }

        return Report(results, options);
    }

    /// <summary>Best time of each measurement, then every goal as measured / target / verdict.</summary>
    private static int Report(List<Measurement> results, Options options)
    {
        double? Best(string name) => results.Where(r => r.Name == name).Select(r => (double?)r.Seconds).Min();
        double? BestCpu(string name) => results.Where(r => r.Name == name).Select(r => (double?)r.CpuSeconds).Min();
        double? FastestCpu(string[] names) => names.Select(BestCpu).Where(s => s is not null).Min();
        double? Peak(string name) => results.Where(r => r.Name == name).Select(r => (double?)r.PeakMiB).Max();
        double? Fastest(string[] names) => names.Select(Best).Where(s => s is not null).Min();
        double? Fact(string name, string key) => results.Where(r => r.Name == name && r.Facts.ContainsKey(key))
            .Select(r => (double?)double.Parse(r.Facts[key], CultureInfo.InvariantCulture)).FirstOrDefault();

        Console.WriteLine();
        Console.WriteLine($"best of {options.Runs} runs ({options.NightRuns} for the night):");
        foreach (var name in options.Only)
            Console.WriteLine($"  {name,-19} {Best(name),9:0.000} s  cpu {BestCpu(name),8:0.000} s  peak {Peak(name),6:0} MiB");

        var lessons = Fastest(LessonPlans);
        var summaries = Fastest(SummaryPlans);
        var evaluation = Best("evaluate");
        var night = Best("night");
        var growth = Fact("night", "bytes") - Fact("evaluate", "bytes");
        var rows = new List<(string Goal, string Measured, string Target, bool? Met)>();
        void Ratio(string goal, double? a, double? b, double limit, string unit) =>
            rows.Add((goal, a is null || b is null ? "not measured" : $"{a / b:0.00} ({a:0.000} s / {b:0.000} s)", $"≤ {limit:0.0#} × {unit}",
                a is null || b is null ? null : a / b <= limit));

        Ratio("evaluation / raw GROUP BY over lessons", evaluation, lessons, 0.5, "fastest raw over lessons");
        Ratio("evaluation / raw GROUP BY over summaries", evaluation, summaries, 1.5, "fastest raw over summaries");
        Ratio("whole first night / evaluation", night, evaluation, 1.3, "evaluation");
        var limitBytes = 0.05 * DocumentsTodayBytes;
        rows.Add(("database growth from documents", growth is null ? "not measured"
                : $"{growth / 1048576.0:0.0} MiB ({growth / DocumentsTodayBytes * 100:0.0} % of 1.5 GB; {Fact("night", "documents"):0} documents, SizeBytes {Fact("night", "sizeBytes") / 1048576.0:0.0} MiB)",
            $"≤ {limitBytes / 1048576.0:0.0} MiB (5 % of 1.5 GB)", growth is null ? null : growth <= limitBytes));
        foreach (var name in new[] { "evaluate", "night" })
        {
            var peak = Peak(name);
            rows.Add(($"peak memory, {(name == "night" ? "whole night" : "evaluation")}", peak is null ? "not measured" : $"{peak:0} MiB",
                $"≤ {PeakLimitMiB:0} MiB", peak is null ? null : peak <= PeakLimitMiB));
        }

        Console.WriteLine();
        Console.WriteLine($"{"goal",-42} {"measured",-70} {"target",-36} verdict");
        foreach (var (goal, measured, target, met) in rows)
            Console.WriteLine($"{goal,-42} {measured,-70} {target,-36} {(met is null ? "-" : met.Value ? "MET" : "MISSED")}");
        var missed = rows.Count(r => r.Met == false);
        var measuredCount = rows.Count(r => r.Met is not null);
        Console.WriteLine(missed == 0 ? $"all {measuredCount} measured goals met" : $"{missed} of {measuredCount} measured goals missed");
        // On a shared machine the wall clock also counts time spent waiting for a core; user + system CPU time of each
        // child does not, so the same ratios on CPU time show whether a verdict is the code's or the machine's.
        static string Cpu(double? a, double? b) => a is null || b is null ? "not measured" : $"{a / b:0.00} ({a:0.000} s / {b:0.000} s)";
        Console.WriteLine();
        Console.WriteLine("the same ratios on CPU time (user + system of each child):");
        Console.WriteLine($"  evaluation / raw over lessons     {Cpu(BestCpu("evaluate"), FastestCpu(LessonPlans))}  (≤ 0.5)");
        Console.WriteLine($"  evaluation / raw over summaries   {Cpu(BestCpu("evaluate"), FastestCpu(SummaryPlans))}  (≤ 1.5)");
        Console.WriteLine($"  whole first night / evaluation    {Cpu(BestCpu("night"), BestCpu("evaluate"))}  (≤ 1.3)");
        return missed == 0 ? 0 : 3;
    }

    private static async Task<Measurement> RunChildAsync(string name, string db, DateOnly asOf)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet Narvaro.Benchmarks.dll` the process is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(NationalBenchmark).Assembly.Location);
        foreach (var a in new[] { "national", "--child", name, "--db", db, "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        currentChild = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        currentChild = null;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} failed: {await error}");
        // First line "seconds peakMiB cpuSeconds", then key=value facts; the child's stderr is a note.
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var head = lines[0].Split(' ');
        var facts = lines.Skip(1).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var note = (await error).Trim();
        if (note.Length > 0) facts["note"] = note.Replace("\n", "\n      ");
        return new Measurement(name, double.Parse(head[0], CultureInfo.InvariantCulture), double.Parse(head[1], CultureInfo.InvariantCulture),
            double.Parse(head[2], CultureInfo.InvariantCulture), facts);
    }

    private static async Task<int> ChildAsync(string name, string db, DateOnly asOf)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString();
        var facts = new Dictionary<string, string>();
        int windowDays;
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            windowDays = WindowDays(connection);
        }
        var window = AbsenceWindow.Rolling(asOf, windowDays);

        await using var services = Services(connectionString);
        if (name is "evaluate" or "night")
        {
            // Build EF's model and open the first connection before the clock starts: a fixed cost of a process (about
            // a second on this machine), not of the night's size, which the raw queries do not pay either.
            await using var warm = services.CreateAsyncScope();
            var context = warm.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            _ = context.Model;
            await context.Database.OpenConnectionAsync();
            await context.Database.CloseConnectionAsync();
        }
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        switch (name)
        {
            case var _ when LessonPlans.Contains(name) || SummaryPlans.Contains(name):
                facts["groups"] = (await RawAsync(connectionString, window, name)).ToString(CultureInfo.InvariantCulture);
                break;
            case "evaluate":
            {
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<StaircaseEvaluator>().EvaluateAsync(asOf, "benchmark");
                watch.Stop();
                await Console.Error.WriteLineAsync(result.ToString());
                break;
            }
            case "night":
            {
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<NightlyRun>().RunAsync(asOf, "benchmark");
                watch.Stop();
                facts["evaluation"] = result.Evaluation.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
                facts["attached"] = result.DocumentsAttached.ToString(CultureInfo.InvariantCulture);
                await Console.Error.WriteLineAsync(result.ToString());
                break;
            }
            default:
                throw new ArgumentException(name);
        }
        watch.Stop();
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        var peak = self.PeakWorkingSet64 / 1048576.0;

        if (name is "evaluate" or "night")
        {
            // The file as it stands after the run: checkpoint the WAL into it, then count its pages.
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            Scalar(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            var pages = Convert.ToInt64(Scalar(connection, "PRAGMA page_count"), CultureInfo.InvariantCulture);
            var pageSize = Convert.ToInt64(Scalar(connection, "PRAGMA page_size"), CultureInfo.InvariantCulture);
            facts["bytes"] = (pages * pageSize).ToString(CultureInfo.InvariantCulture);
            facts["cases"] = Count(connection, "SELECT COUNT(*) FROM \"Cases\"").ToString(CultureInfo.InvariantCulture);
            facts["documents"] = Count(connection, "SELECT COUNT(*) FROM \"CaseDocuments\"").ToString(CultureInfo.InvariantCulture);
            facts["sizeBytes"] = Count(connection, "SELECT COALESCE(SUM(\"SizeBytes\"), 0) FROM \"CaseDocuments\"").ToString(CultureInfo.InvariantCulture);
            facts["storedBytes"] = Count(connection, "SELECT COALESCE(SUM(COALESCE(LENGTH(\"Content\"), 0) + COALESCE(LENGTH(CAST(\"Snapshot\" AS BLOB)), 0)), 0) FROM \"CaseDocuments\"")
                .ToString(CultureInfo.InvariantCulture);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:0.000} {peak:0.0} {cpu:0.000}"));
        foreach (var (key, value) in facts) Console.WriteLine($"{key}={value}");
        return 0;
    }

    /// <summary>The CLI's registrations (no SS 12000 source, no mail), on the copy.</summary>
    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["ConnectionStrings:Narvaro"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddNarvaroDatabase(configuration);
        services.AddNarvaroCore();
        return services.BuildServiceProvider();
    }

    /// <summary>The raw aggregation per pupil over the window, read to the end; returns the number of groups.</summary>
    private static async Task<long> RawAsync(string connectionString, AbsenceWindow window, string plan)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var summaries = plan.StartsWith("summaries", StringComparison.Ordinal);
        var table = summaries ? "\"AttendanceDays\"" : "\"Attendance\"";
        var sums = summaries
            ? "SUM(\"OfferedMinutes\"), SUM(\"ReportedMinutes\"), SUM(\"ValidMinutes\" + \"InvalidMinutes\" + \"LeaveMinutes\" + \"LateMinutes\")"
            : "SUM(\"ScheduledMinutes\"), SUM(CASE WHEN \"Type\" <> 5 THEN \"ScheduledMinutes\" ELSE 0 END), SUM(\"AbsentMinutes\")";
        var (pupil, source) = plan.EndsWith("-scan", StringComparison.Ordinal) ? ("\"PupilId\"", $"{table} NOT INDEXED")
            : plan.EndsWith("-by-pupil", StringComparison.Ordinal) ? ("p.\"Id\"", $"\"Pupils\" p NOT INDEXED CROSS JOIN {table} a ON a.\"PupilId\" = p.\"Id\"")
            : ("\"PupilId\"", table);
        command.CommandText = $"""
            SELECT {pupil}, {sums}
            FROM {source}
            WHERE "Date" >= @from AND "Date" <= @to
            GROUP BY {pupil}
            """;
        command.Parameters.AddWithValue("@from", window.From);
        command.Parameters.AddWithValue("@to", window.To);
        long groups = 0, sum = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sum += reader.GetInt64(1) + reader.GetInt64(2) + reader.GetInt64(3);
            groups++;
        }
        GC.KeepAlive(sum);
        return groups;
    }

    /// <summary>The window of the stored policies (the widest, if huvudmän differ), else the Trosa default.</summary>
    private static int WindowDays(SqliteConnection connection)
    {
        var stored = Scalar(connection, "SELECT MAX(\"WindowDays\") FROM \"Organisations\"");
        return stored is null or DBNull ? PolicySettings.Trosa().WindowDays : Convert.ToInt32(stored, CultureInfo.InvariantCulture);
    }

    private static long Count(SqliteConnection connection, string sql, AbsenceWindow? window = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (window is { } w)
        {
            command.Parameters.AddWithValue("@from", w.From);
            command.Parameters.AddWithValue("@to", w.To);
        }
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
