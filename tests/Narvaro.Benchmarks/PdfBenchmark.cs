// Prefilled Bilaga 1 (checklista) rendered one after another on one thread; target ≥ 50 documents per second.
//
//   dotnet build -c Release tests/Narvaro.Benchmarks
//   taskset -c 0 dotnet tests/Narvaro.Benchmarks/bin/Release/net10.0/Narvaro.Benchmarks.dll pdf [--count 1000] [--name NAME]
//
// --name sets the pupils' name (default "Åsa Öberg-Ängström", which the primary Latin fonts cover); a name such as
// "Дмитрий Иванов" measures the documents that also embed the extended font subset.
// taskset pins the process to one core. The first 20 documents warm up (font loading, JIT) and are not timed.
using System.Diagnostics;
using System.Globalization;
using Narvaro.Documents;

internal static class PdfBenchmark
{
    public static int Run(string[] args)
    {
        var count = 1000;
        var name = "Åsa Öberg-Ängström";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--count") count = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--name") name = args[++i];
        }

        var created = new DateTime(2026, 10, 31, 1, 0, 0, DateTimeKind.Utc);
        ChecklistModel Model(int n) => new(
            new PupilDocumentHeader(n, $"E-{n:00000}", $"{name} {n}", "8Ä", "René Sjöström", 1, "Tofsvipans skola", "Trosa kommun"),
            new PeriodFigures(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 30), 22, 10 + n % 15, 3 + n % 7, n % 5, n % 4),
            new AbsencePattern(12.5,
                new PatternItem("måndag", 40, 15, 45, true),
                new PatternItem("lektionen kl. 08:00", 25, 10, 30, false),
                new PatternItem("Idrott och hälsa", 55, 20, 35, true)),
            created);

        for (var i = 0; i < 20; i++) ChecklistDocument.Render(Model(i));

        long bytes = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) bytes += ChecklistDocument.Render(Model(i)).Length;
        stopwatch.Stop();

        var perSecond = count / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bilaga 1 prefilled ({name}): {count} documents in {stopwatch.Elapsed.TotalSeconds:0.00} s = {perSecond:0.0} documents/s " +
            $"({stopwatch.Elapsed.TotalMilliseconds / count:0.00} ms each, {bytes / count / 1024.0:0.0} KiB each, " +
            $"{Environment.ProcessorCount} core(s) visible); target ≥ 50/s: {(perSecond >= 50 ? "met" : "NOT met")}"));
        return perSecond >= 50 ? 0 : 1;
    }
}
