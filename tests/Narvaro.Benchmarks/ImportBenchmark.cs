using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Import;

// The attendance import against the sqlite3 shell's `.import` of the same file into a bare table.
//
//   dotnet run -c Release --project tests/Narvaro.Benchmarks -- import [--rows 1000000] [--pupils 6000] [--runs 3] [--dir DIR]
//
// Needs the sqlite3 shell on PATH (apt package sqlite3). The driver generates pupils.csv and attendance.csv in DIR
// (default: a new temp directory, deleted afterwards), creates a migrated SQLite database and imports the pupils,
// then runs every measurement in a child process of its own, on a fresh copy of the database:
//   sqlite3  `.mode csv`, `.separator ;`, `.import --skip 1` into a bare table with the file's columns (the baseline)
//   fresh    AttendanceImporter.ImportAsync into the migrated database with no attendance (every row new)
//   replace  the same file into a database that already holds it (every row replaced)
//   preview  AttendanceImporter.PreviewAsync of the file into the fresh database: the import without its write
// Each child prints "seconds peakMiB cpuSeconds": peak is VmHWM (peak resident set) of the process that did the work; for the
// sqlite3 child it is the shell's own peak, read with getrusage(RUSAGE_CHILDREN) after it exits.
// Targets (issue #5): ours ≤ 3 × sqlite3, peak ≤ 500 MiB.

namespace Narvaro.Benchmarks;

internal static class ImportBenchmark
{
    private static readonly string[] Names = ["sqlite3", "fresh", "replace", "preview"];

    public static async Task<int> RunAsync(string[] args)
    {
        int rows = 1_000_000, pupils = 6000, runs = 3;
        string? dir = null, child = null, db = null, file = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--pupils": pupils = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--child": child = args[++i]; break;
                case "--db": db = args[++i]; break;
                case "--file": file = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        if (child is not null)
            return await ChildAsync(child, db!, file!);

        var ownDir = dir is null;
        dir = Path.GetFullPath(dir ?? Path.Combine(Path.GetTempPath(), $"narvaro-importbench-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(dir);
        try
        {
            return await DriveAsync(dir, rows, pupils, runs);
        }
        finally
        {
            if (ownDir) Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> DriveAsync(string dir, int rows, int pupils, int runs)
    {
        var pupilsCsv = Path.Combine(dir, "pupils.csv");
        var attendanceCsv = Path.Combine(dir, "attendance.csv");
        var empty = Path.Combine(dir, "empty.db");
        var filled = Path.Combine(dir, "filled.db");
        var bare = Path.Combine(dir, "bare.db");

        var watch = Stopwatch.StartNew();
        TestFiles.WritePupils(pupilsCsv, pupils);
        TestFiles.WriteAttendance(attendanceCsv, pupils, rows);
        Console.WriteLine($"{rows} attendance rows for {pupils} pupils: {new FileInfo(attendanceCsv).Length / 1024.0 / 1024.0:0.0} MiB ({watch.Elapsed.TotalSeconds:0.0} s to generate)");

        foreach (var path in new[] { empty, bare }) File.Delete(path);
        await using (var context = Context(empty))
        {
            await context.Database.MigrateAsync();
            await using var stream = File.OpenRead(pupilsCsv);
            var result = await new PupilImporter(context).ImportAsync(stream);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("\n", result.ErrorMessages()));
        }
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={bare};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE attendance (elev_id TEXT, datum TEXT, start TEXT, slut TEXT, amne TEXT, franvaro_min TEXT, typ TEXT)";
            create.ExecuteNonQuery();
        }
        File.Copy(empty, filled, overwrite: true);
        var (prepare, _, _) = await RunChildAsync("fresh", filled, attendanceCsv);
        Console.WriteLine($"prepared the replace database ({prepare:0.000} s); load average {LoadAverage()}");
        Console.WriteLine($"{Environment.ProcessorCount} cores");

        var results = new List<(string Name, double Seconds, double PeakMiB, double CpuSeconds)>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var name in Names)
            {
                var source = name switch { "sqlite3" => bare, "fresh" or "preview" => empty, _ => filled };
                var copy = Path.Combine(dir, $"run-{name}.db");
                File.Copy(source, copy, overwrite: true);
                try
                {
                    var (seconds, peak, cpu) = await RunChildAsync(name, copy, attendanceCsv);
                    results.Add((name, seconds, peak, cpu));
                    Console.WriteLine($"run {run} {name,-8} {seconds,8:0.000} s  cpu {cpu,7:0.000} s  peak {peak,6:0} MiB  load {LoadAverage()}");
                }
                finally
                {
                    foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" }) File.Delete(copy + suffix);
                }
            }
        }

        double Best(string name) => results.Where(r => r.Name == name).Min(r => r.Seconds);
        double Peak(string name) => results.Where(r => r.Name == name).Max(r => r.PeakMiB);
        double BestCpu(string name) => results.Where(r => r.Name == name).Min(r => r.CpuSeconds);
        var baseline = Best("sqlite3");
        var baselineCpu = BestCpu("sqlite3");
        Console.WriteLine();
        Console.WriteLine($"best of {runs} runs each, {rows} rows:");
        Console.WriteLine($"sqlite3 .import (baseline): {baseline:0.000} s, peak {Peak("sqlite3"):0} MiB");
        Console.WriteLine($"import, new rows:           {Best("fresh"):0.000} s, ratio {Best("fresh") / baseline:0.00}, peak {Peak("fresh"):0} MiB");
        Console.WriteLine($"import, every row replaced: {Best("replace"):0.000} s, ratio {Best("replace") / baseline:0.00}, peak {Peak("replace"):0} MiB");
        Console.WriteLine($"preview of the same file (no write):  {Best("preview"):0.000} s, cpu {BestCpu("preview"):0.000} s, peak {Peak("preview"):0} MiB");
        Console.WriteLine($"CPU time (user + system; less sensitive to other load): sqlite3 {baselineCpu:0.000} s, " +
            $"new rows {BestCpu("fresh"):0.000} s (ratio {BestCpu("fresh") / baselineCpu:0.00}), replaced {BestCpu("replace"):0.000} s (ratio {BestCpu("replace") / baselineCpu:0.00})");
        Console.WriteLine("targets: ratio ≤ 3, peak ≤ 500 MiB");
        return 0;
    }

    private static async Task<(double Seconds, double PeakMiB, double CpuSeconds)> RunChildAsync(string name, string db, string file)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(ImportBenchmark).Assembly.Location);
        foreach (var a in new[] { "import", "--child", name, "--db", db, "--file", file })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} failed: {error}");
        if (error.Length > 0) Console.WriteLine($"    {name}: {error.Trim().Replace("\n", "\n    ")}");
        var parts = (await output).Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static async Task<int> ChildAsync(string name, string db, string file)
    {
        double seconds, peakKiB, cpu;
        if (name == "sqlite3")
        {
            var start = new ProcessStartInfo("sqlite3") { RedirectStandardInput = true, RedirectStandardError = true };
            start.ArgumentList.Add(db);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            await process.StandardInput.WriteAsync($".mode csv\n.separator ;\n.import --skip 1 '{file}' attendance\n");
            process.StandardInput.Close();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            seconds = watch.Elapsed.TotalSeconds;
            if (process.ExitCode != 0 || error.Length > 0) throw new InvalidOperationException($"sqlite3: {error}");
            (peakKiB, cpu) = ChildrenUsage();
            using var connection = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM attendance";
            Console.Error.WriteLine($"{count.ExecuteScalar()} rows in the bare table");
        }
        else
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await using (var context = Context(db))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                var importer = new AttendanceImporter(context);
                // preview: everything but the write (read, validate, sort, count new and replaced rows).
                var result = name == "preview" ? await importer.PreviewAsync(stream) : await importer.ImportAsync(stream);
                if (!result.Succeeded) throw new InvalidOperationException(string.Join("\n", result.ErrorMessages()));
                var s = result.Summary!;
                Console.Error.WriteLine($"{s.Rows} rows, {s.NewRows} new, {s.ReplacedRows} replaced");
            }
            seconds = watch.Elapsed.TotalSeconds;
            cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            peakKiB = OwnPeakKiB();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.000} {peakKiB / 1024.0:0.0} {cpu:0.000}"));
        return 0;
    }

    private static NarvaroDbContext Context(string path) =>
        new(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.Sqlite,
            new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>VmHWM of this process: the peak resident set, what the operating system actually had to give it.</summary>
    private static double OwnPeakKiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Peak resident set (KiB) and CPU seconds of the children waited for (here: the one sqlite3 process).</summary>
    private static (double PeakKiB, double CpuSeconds) ChildrenUsage()
    {
        var usage = new RUsage();
        if (GetRUsage(-1, ref usage) != 0) throw new InvalidOperationException("getrusage failed");
        return (usage.MaxRss, usage.UserSeconds + usage.SystemSeconds + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1e6);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss;
        public long Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRUsage(int who, ref RUsage usage);
}

/// <summary>Realistic files: pupils in classes of 25 with a mentor each; five lessons a school day, all types.</summary>
internal static class TestFiles
{
    private static readonly string[] Subjects =
        ["Matematik", "Svenska", "Engelska", "Biologi", "Fysik", "Kemi", "Historia", "Geografi", "Samhällskunskap",
         "Religionskunskap", "Idrott och hälsa", "Bild", "Musik", "Slöjd", "Teknik", "Hem- och konsumentkunskap", "Moderna språk"];
    private static readonly (int Start, int End)[] Lessons = [(480, 540), (555, 615), (630, 690), (750, 810), (825, 885)];

    public static void WritePupils(string path, int pupils)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost\n");
        for (var p = 0; p < pupils; p++)
        {
            var school = p / 600;
            var grade = 1 + p / 25 % 9;
            var schoolClass = p / 25;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{10000000 + school};Skola {school};{grade}{(char)('A' + schoolClass % 3)}{schoolClass};E{p:D6};Förnamn{p};Efternamn{p};{grade};mentor{schoolClass}@skola{school}.se\n"));
        }
    }

    /// <summary>Day by day, pupil by pupil, as a school system exports a period: not in the table's key order.</summary>
    public static void WriteAttendance(string path, int pupils, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("elev_id;datum;start;slut;amne;franvaro_min;typ\n");
        var random = new Random(20260901);
        var date = new DateOnly(2026, 8, 17);
        var written = 0;
        while (written < rows)
        {
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                for (var p = 0; p < pupils && written < rows; p++)
                {
                    for (var l = 0; l < Lessons.Length && written < rows; l++, written++)
                    {
                        var (start, end) = Lessons[l];
                        var subject = Subjects[(p / 25 + l + date.DayNumber) % Subjects.Length];
                        var length = end - start;
                        var (minutes, type) = random.Next(100) switch
                        {
                            < 80 => ("0", "narvarande"),
                            < 84 => ("", ""),
                            < 89 => (random.Next(2) == 0 ? "" : length.ToString(CultureInfo.InvariantCulture), "giltig"),
                            < 92 => ("", "ogiltig"),
                            < 95 => (random.Next(1, 30).ToString(CultureInfo.InvariantCulture), "sen"),
                            < 97 => ("", "ledighet"),
                            _ => ("", "ej_rapporterad"),
                        };
                        writer.Write(string.Create(CultureInfo.InvariantCulture,
                            $"E{p:D6};{date:yyyy-MM-dd};{start / 60:D2}:{start % 60:D2};{end / 60:D2}:{end % 60:D2};{subject};{minutes};{type}\n"));
                    }
                }
            }
            date = date.AddDays(1);
        }
    }
}
