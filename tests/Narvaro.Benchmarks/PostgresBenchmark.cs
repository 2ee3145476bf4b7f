using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Narvaro.Data;
using Narvaro.Escalation;
using Narvaro.Import;
using Npgsql;

// The goals of issue #14 on PostgreSQL (kept out of CI like every benchmark):
//
//   pg-import  [--server CS] [--rows 1000000] [--pupils 6000] [--runs 3] [--dir DIR]
//       The product's attendance import (AttendanceImporter.ImportAsync, the path of `narvaro import attendance`) into a
//       fresh migrated database that holds the file's pupils, against `psql -c "\copy bare_attendance FROM FILE ..."`
//       of the same file into an unindexed table with the file's seven columns, all text (as the sqlite3 baseline of
//       `import`). Also the same file again into the database that holds it (every row replaced: COPY into a temporary
//       table + INSERT … ON CONFLICT). Every measurement is a child process of its own; the databases are created
//       from a template (not timed) and a CHECKPOINT runs before each measurement. Median of --runs; target ≤ 2 × psql.
//       A third figure shows what the schema itself costs: `psql \copy "Attendance" FROM typed.csv` of the same rows,
//       typed (pupil ids resolved, minutes and types as stored; built once from the file, not timed), into a fresh
//       migrated database: the real table with its key, its date index, its foreign key and the day-summary trigger.
//
//   pg-nightly --sqlite FILE --pg CS [--as-of YYYY-MM-DD] [--runs 3]
//       The staircase evaluation (StaircaseEvaluator, resolved from the CLI's registrations) on a SQLite file and on a
//       PostgreSQL database seeded alike (`narvaro seed-demo --pupils 100000`, deterministic). Each run works on a
//       fresh copy (a file copy; CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY, not timed) and times, in one child
//       process, the first night (as of --as-of, no cases yet) and the next night (as of the next day, on what the
//       first night left). EF's model is built and a connection opened before the clock starts. --as-of defaults to
//       the day before the last date with lessons. Median of --runs; target PostgreSQL ≤ 1.5 × SQLite. (STRATEGY FILE_COPY needs PostgreSQL 15+.)
//
// CS is an Npgsql connection string; for pg-import, to the server's maintenance database (default: $NARVARO_TEST_POSTGRES,
// which tests/postgres.sh exports; psql is found beside it as $NARVARO_PG_BIN/psql or on PATH). Every figure is printed
// with the load averages at the time (the machine is shared); ratios of runs taken back to back are what count.

namespace Narvaro.Benchmarks;

internal static class PostgresBenchmark
{
    private const double ImportLimit = 2.0;
    private const double NightlyLimit = 1.5;

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // ---------------------------------------------------------------- import

    public static async Task<int> ImportAsync(string[] args)
    {
        int rows = 1_000_000, pupils = 6000, runs = 3;
        string? dir = null, child = null, cs = null, file = null;
        var server = Environment.GetEnvironmentVariable("NARVARO_TEST_POSTGRES");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--server": server = args[++i]; break;
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--pupils": pupils = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--child": child = args[++i]; break;
                case "--cs": cs = args[++i]; break;
                case "--file": file = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        if (child is not null)
            return await ImportChildAsync(child, cs!, file!);
        if (string.IsNullOrEmpty(server))
            throw new ArgumentException("--server CS or NARVARO_TEST_POSTGRES (source tests/postgres.sh && postgres_start) is required");

        var ownDir = dir is null;
        dir = Path.GetFullPath(dir ?? Path.Combine(Path.GetTempPath(), $"narvaro-pgimport-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(dir);
        try
        {
            return await DriveImportAsync(server, dir, rows, pupils, runs);
        }
        finally
        {
            if (ownDir) Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> DriveImportAsync(string server, string dir, int rows, int pupils, int runs)
    {
        var pupilsCsv = Path.Combine(dir, "pupils.csv");
        var attendanceCsv = Path.Combine(dir, "attendance.csv");
        if (!File.Exists(attendanceCsv) || !File.Exists(pupilsCsv))
        {
            TestFiles.WritePupils(pupilsCsv, pupils);
            TestFiles.WriteAttendance(attendanceCsv, pupils, rows);
        }
        Console.WriteLine($"{rows} attendance rows for {pupils} pupils: {new FileInfo(attendanceCsv).Length / 1048576.0:0.0} MiB");

        const string template = "narvaro_bench_import_template", run = "narvaro_bench_import_run", bare = "narvaro_bench_bare";
        var typedCsv = Path.Combine(dir, "typed.csv");
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        Console.WriteLine($"PostgreSQL {Scalar(admin, "SHOW server_version")}, fsync={Scalar(admin, "SHOW fsync")}, " +
            $"synchronous_commit={Scalar(admin, "SHOW synchronous_commit")}, full_page_writes={Scalar(admin, "SHOW full_page_writes")}, " +
            $"shared_buffers={Scalar(admin, "SHOW shared_buffers")}; {Environment.ProcessorCount} cores");
        foreach (var name in new[] { run, template, bare })
            Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        Execute(admin, $"CREATE DATABASE {template}");
        Execute(admin, $"CREATE DATABASE {bare}");
        var templateCs = With(server, template);
        await using (var context = Context(templateCs))
        {
            await context.Database.MigrateAsync();
            await using var stream = File.OpenRead(pupilsCsv);
            var result = await new PupilImporter(context).ImportAsync(stream);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("\n", result.ErrorMessages()));
        }
        NpgsqlConnection.ClearAllPools();
        // The same rows as the table stores them, for psql straight into "Attendance" (built in the template, dropped).
        await PsqlAsync(templateCs,
            "CREATE TABLE load_text (elev_id text, datum text, start text, slut text, amne text, franvaro_min text, typ text)",
            $"\\copy load_text FROM '{attendanceCsv}' WITH (FORMAT csv, HEADER true, DELIMITER ';')",
            """
            \copy (SELECT p."Id", t.datum::date, t.start::time, t.slut::time, (EXTRACT(EPOCH FROM t.slut::time - t.start::time) / 60)::int, t.amne, COALESCE(NULLIF(t.franvaro_min, '')::int, 0), CASE t.typ WHEN 'narvarande' THEN 0 WHEN 'giltig' THEN 1 WHEN 'ogiltig' THEN 2 WHEN 'ledighet' THEN 3 WHEN 'sen' THEN 4 WHEN 'ej_rapporterad' THEN 5 ELSE 2 END FROM load_text t JOIN "Pupils" p ON p."ExternalId" = t.elev_id ORDER BY 1, 2, 3) TO '
            """.Trim() + typedCsv + "' WITH (FORMAT csv)",
            "DROP TABLE load_text");
        Console.WriteLine($"migrated template with {pupils} pupils; load average {LoadAverage()}");

        var results = new List<(string Name, double Seconds, double CpuSeconds)>();
        try
        {
            for (var r = 1; r <= runs; r++)
            {
                // psql \copy into a bare, unindexed table of seven text columns.
                await using (var b = new NpgsqlConnection(With(server, bare)))
                {
                    await b.OpenAsync();
                    Execute(b, "DROP TABLE IF EXISTS bare_attendance");
                    Execute(b, "CREATE TABLE bare_attendance (elev_id text, datum text, start text, slut text, amne text, franvaro_min text, typ text)");
                }
                Execute(admin, "CHECKPOINT");
                var psql = await PsqlAsync(With(server, bare), $"\\copy bare_attendance FROM '{attendanceCsv}' WITH (FORMAT csv, HEADER true, DELIMITER ';')");
                results.Add(("psql", psql, double.NaN));
                Console.WriteLine($"run {r} psql \\copy {psql,9:0.000} s                  load {LoadAverage()}");

                // psql \copy of the typed rows into the real "Attendance" (key, date index, foreign key, trigger).
                Execute(admin, $"DROP DATABASE IF EXISTS {run} WITH (FORCE)");
                Execute(admin, $"CREATE DATABASE {run} TEMPLATE {template}");
                Execute(admin, "CHECKPOINT");
                var table = await PsqlAsync(With(server, run),
                    $"\\copy \"Attendance\" (\"PupilId\", \"Date\", \"Start\", \"End\", \"ScheduledMinutes\", \"Subject\", \"AbsentMinutes\", \"Type\") FROM '{typedCsv}' WITH (FORMAT csv)");
                results.Add(("psql-table", table, double.NaN));
                Console.WriteLine($"run {r} psql table {table,9:0.000} s                  load {LoadAverage()}  (typed rows into \"Attendance\")");

                // The product's import: every row new, then the same file again (every row replaced).
                Execute(admin, $"DROP DATABASE IF EXISTS {run} WITH (FORCE)");
                Execute(admin, $"CREATE DATABASE {run} TEMPLATE {template}");
                foreach (var name in new[] { "fresh", "replace" })
                {
                    Execute(admin, "CHECKPOINT");
                    var (seconds, cpu, note) = await RunImportChildAsync(name, With(server, run), attendanceCsv);
                    results.Add((name, seconds, cpu));
                    Console.WriteLine($"run {r} {name,-11} {seconds,9:0.000} s  client cpu {cpu,7:0.000} s  load {LoadAverage()}  ({note})");
                }
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in new[] { run, template, bare })
                Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        var baseline = Median(results.Where(x => x.Name == "psql").Select(x => x.Seconds));
        var fresh = Median(results.Where(x => x.Name == "fresh").Select(x => x.Seconds));
        var replace = Median(results.Where(x => x.Name == "replace").Select(x => x.Seconds));
        var intoTable = Median(results.Where(x => x.Name == "psql-table").Select(x => x.Seconds));
        Console.WriteLine();
        Console.WriteLine($"median of {runs} runs, {rows} rows, load average now {LoadAverage()}:");
        Console.WriteLine($"psql \\copy into a bare text table (baseline): {baseline:0.000} s");
        Console.WriteLine($"import, every row new:      {fresh:0.000} s, ratio {fresh / baseline:0.00}");
        Console.WriteLine($"import, every row replaced: {replace:0.000} s, ratio {replace / baseline:0.00}");
        Console.WriteLine($"psql \\copy of the typed rows into \"Attendance\" (the schema's own cost): {intoTable:0.000} s, ratio {intoTable / baseline:0.00}; " +
            $"import / that: {fresh / intoTable:0.00}");
        var met = fresh / baseline <= ImportLimit;
        Console.WriteLine($"goal: import of {rows} rows ≤ {ImportLimit:0.0} × psql \\copy: {fresh / baseline:0.00} {(met ? "MET" : "MISSED")}");
        return met ? 0 : 3;
    }

    /// <summary>Runs psql with each command as a -c (in order, stopping at the first error); returns the wall clock.</summary>
    private static async Task<double> PsqlAsync(string cs, params string[] commands)
    {
        var builder = new NpgsqlConnectionStringBuilder(cs);
        var bin = Environment.GetEnvironmentVariable("NARVARO_PG_BIN");
        var start = new ProcessStartInfo(bin is not null && File.Exists(Path.Combine(bin, "psql")) ? Path.Combine(bin, "psql") : "psql")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGPASSWORD"] = builder.Password;
        start.Environment["PGDATABASE"] = builder.Database;
        foreach (var a in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1" })
            start.ArgumentList.Add(a);
        foreach (var command in commands)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
        }
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        await output;
        if (process.ExitCode != 0 || error.Trim().Length > 0) throw new InvalidOperationException($"psql: {error}");
        return seconds;
    }

    private static async Task<(double Seconds, double CpuSeconds, string Note)> RunImportChildAsync(string name, string cs, string file)
    {
        var start = ChildStart();
        foreach (var a in new[] { "pg-import", "--child", name, "--cs", cs, "--file", file })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} failed: {error}");
        var parts = (await output).Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), error.Trim());
    }

    /// <summary>One import, timed from the context's creation (as the CLI pays it) to the commit.</summary>
    private static async Task<int> ImportChildAsync(string name, string cs, string file)
    {
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await using (var context = Context(cs))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            var result = await new AttendanceImporter(context).ImportAsync(stream);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("\n", result.ErrorMessages()));
            var s = result.Summary!;
            await Console.Error.WriteLineAsync($"{s.Rows} rows, {s.NewRows} new, {s.ReplacedRows} replaced");
            if (name == "fresh" && s.NewRows != s.Rows) throw new InvalidOperationException("fresh: expected every row new");
            if (name == "replace" && s.ReplacedRows != s.Rows) throw new InvalidOperationException("replace: expected every row replaced");
        }
        watch.Stop();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:0.000} {(self.TotalProcessorTime - cpuBefore).TotalSeconds:0.000}"));
        return 0;
    }

    // ---------------------------------------------------------------- nightly evaluation

    public static async Task<int> NightlyAsync(string[] args)
    {
        string? sqlite = null, pg = null, child = null, target = null;
        DateOnly? asOf = null;
        var runs = 3;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sqlite": sqlite = args[++i]; break;
                case "--pg": pg = args[++i]; break;
                case "--as-of": asOf = DateOnly.ParseExact(args[++i], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--child": child = args[++i]; break;
                case "--target": target = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        if (child is not null)
            return await NightlyChildAsync(child, target!, asOf!.Value);
        if (sqlite is null || pg is null) throw new ArgumentException("--sqlite FILE and --pg CS are required");
        sqlite = Path.GetFullPath(sqlite);
        if (File.Exists(sqlite + "-wal") && new FileInfo(sqlite + "-wal").Length > 0)
            throw new InvalidOperationException($"{sqlite}-wal is not empty: checkpoint it first");

        await using (var connection = new SqliteConnection($"Data Source={sqlite};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT COUNT(*) FROM \"Pupils\"), (SELECT COUNT(*) FROM \"Attendance\"), (SELECT COUNT(*) FROM \"AttendanceDays\"), (SELECT MAX(\"Date\") FROM \"AttendanceDays\"), (SELECT COUNT(*) FROM \"Cases\")";
            using var reader = command.ExecuteReader();
            reader.Read();
            Console.WriteLine($"SQLite {sqlite} ({new FileInfo(sqlite).Length / 1048576.0:0} MiB): pupils {reader.GetInt64(0)}, lessons {reader.GetInt64(1)}, day summaries {reader.GetInt64(2)}, cases {reader.GetInt64(4)}");
            var last = DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            asOf ??= last.AddDays(-1);
        }
        var source = new NpgsqlConnectionStringBuilder(pg);
        var seeded = source.Database!;
        var admin = new NpgsqlConnectionStringBuilder(pg) { Database = "postgres", Pooling = false }.ToString();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pg) { Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            Console.WriteLine($"PostgreSQL {Scalar(connection, "SHOW server_version")} database {seeded} ({Convert.ToInt64(Scalar(connection, "SELECT pg_database_size(current_database())"), CultureInfo.InvariantCulture) / 1048576.0:0} MiB), " +
                $"fsync={Scalar(connection, "SHOW fsync")}, synchronous_commit={Scalar(connection, "SHOW synchronous_commit")}, shared_buffers={Scalar(connection, "SHOW shared_buffers")}: " +
                $"pupils {Scalar(connection, "SELECT COUNT(*) FROM \"Pupils\"")}, lessons {Scalar(connection, "SELECT COUNT(*) FROM \"Attendance\"")}, " +
                $"day summaries {Scalar(connection, "SELECT COUNT(*) FROM \"AttendanceDays\"")}, cases {Scalar(connection, "SELECT COUNT(*) FROM \"Cases\"")}");
        }
        Console.WriteLine($"first night as of {asOf:yyyy-MM-dd}, next night as of {asOf.Value.AddDays(1):yyyy-MM-dd}; {Environment.ProcessorCount} cores");

        var copyName = seeded + "_bench_run";
        var results = new List<(string Provider, double First, double Next)>();
        for (var r = 1; r <= runs; r++)
        {
            // SQLite: a fresh copy of the file.
            var copy = Path.Combine(Path.GetDirectoryName(sqlite)!, $"narvaro-pgbench-{Guid.NewGuid():N}.db");
            File.Copy(sqlite, copy);
            try
            {
                var (first, next, note) = await RunNightlyChildAsync("sqlite", new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString(), asOf.Value);
                results.Add(("sqlite", first, next));
                Console.WriteLine($"run {r} SQLite      first night {first,8:0.000} s  next night {next,8:0.000} s  load {LoadAverage()}");
                Console.WriteLine($"      {note.Replace("\n", "\n      ")}");
            }
            finally
            {
                foreach (var f in new[] { copy, copy + "-wal", copy + "-shm" }) File.Delete(f);
            }

            // PostgreSQL: a fresh copy of the database.
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                Execute(connection, $"DROP DATABASE IF EXISTS \"{copyName}\" WITH (FORCE)");
                Execute(connection, $"CREATE DATABASE \"{copyName}\" TEMPLATE \"{seeded}\" STRATEGY FILE_COPY");
                Execute(connection, "CHECKPOINT");
            }
            try
            {
                var cs = new NpgsqlConnectionStringBuilder(pg) { Database = copyName, CommandTimeout = 0 }.ToString();
                var (first, next, note) = await RunNightlyChildAsync("postgresql", cs, asOf.Value);
                results.Add(("postgresql", first, next));
                Console.WriteLine($"run {r} PostgreSQL  first night {first,8:0.000} s  next night {next,8:0.000} s  load {LoadAverage()}");
                Console.WriteLine($"      {note.Replace("\n", "\n      ")}");
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                Execute(connection, $"DROP DATABASE IF EXISTS \"{copyName}\" WITH (FORCE)");
            }
        }

        double M(string provider, bool first) => Median(results.Where(x => x.Provider == provider).Select(x => first ? x.First : x.Next));
        Console.WriteLine();
        Console.WriteLine($"median of {runs} runs, load average now {LoadAverage()}:");
        var verdicts = new List<bool>();
        foreach (var (label, first) in new[] { ("first night", true), ("next night", false) })
        {
            var s = M("sqlite", first);
            var p = M("postgresql", first);
            var met = p / s <= NightlyLimit;
            verdicts.Add(met);
            Console.WriteLine($"evaluation, {label,-11}: SQLite {s:0.000} s, PostgreSQL {p:0.000} s, ratio {p / s:0.00} (≤ {NightlyLimit:0.0}) {(met ? "MET" : "MISSED")}");
        }
        return verdicts.All(v => v) ? 0 : 3;
    }

    private static async Task<(double First, double Next, string Note)> RunNightlyChildAsync(string provider, string cs, DateOnly asOf)
    {
        var start = ChildStart();
        foreach (var a in new[] { "pg-nightly", "--child", provider, "--target", cs, "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{provider} failed: {error}");
        var parts = (await output).Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), error.Trim());
    }

    private static async Task<int> NightlyChildAsync(string provider, string cs, DateOnly asOf)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider == "sqlite" ? nameof(DatabaseProvider.Sqlite) : nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:Narvaro"] = cs,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddNarvaroDatabase(configuration);
        services.AddNarvaroCore();
        await using var provider_ = services.BuildServiceProvider();
        await using (var warm = provider_.CreateAsyncScope())
        {
            var context = warm.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            _ = context.Model;
            await context.Database.OpenConnectionAsync();
            await context.Database.CloseConnectionAsync();
        }
        var seconds = new List<double>();
        foreach (var day in new[] { asOf, asOf.AddDays(1) })
        {
            var watch = Stopwatch.StartNew();
            await using var scope = provider_.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<StaircaseEvaluator>().EvaluateAsync(day, "benchmark");
            seconds.Add(watch.Elapsed.TotalSeconds);
            await Console.Error.WriteLineAsync($"{day:yyyy-MM-dd}: {result}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds[0]:0.000} {seconds[1]:0.000}"));
        return 0;
    }

    // ---------------------------------------------------------------- shared

    private static ProcessStartInfo ChildStart()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet Narvaro.Benchmarks.dll` the process is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(PostgresBenchmark).Assembly.Location);
        return start;
    }

    private static NarvaroDbContext Context(string cs) =>
        new(DatabaseServiceCollectionExtensions.CreateOptions(DatabaseProvider.PostgreSql, cs));

    private static string With(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 0 }.ToString();

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return command.ExecuteScalar();
    }
}
