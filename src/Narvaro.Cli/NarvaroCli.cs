using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Narvaro.Cli.Commands;
using Narvaro.Data;

namespace Narvaro.Cli;

/// <summary>The narvaro command: global options, the database, and dispatch to one command.</summary>
public static class NarvaroCli
{
    /// <summary>Every verb, in the order the usage lists them.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new MigrateCommand(),
        new ImportCommand(),
        new SeedDemoCommand(),
        new NightlyCommand(),
        new MeasureCommand(),
        new CasesCommand(),
        new PdfCommand(),
        new VerifySummariesCommand(),
    ];

    public static Task<int> RunAsync(string[] argv, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(argv, output, error, settings: null, cancellationToken);

    /// <summary>With extra configuration applied last (tests point the SS 12000 sources at a loopback server).</summary>
    internal static async Task<int> RunAsync(
        string[] argv, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken = default)
    {
        CliArgs args;
        try
        {
            args = CliArgs.Parse(argv);
        }
        catch (CliUsageException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        if (args.Positional.Count == 0 || args.Has("--help") || args.Has("-h"))
        {
            PrintUsage(args.Positional.Count == 0 && !args.Has("--help") && !args.Has("-h") ? error : output);
            return args.Positional.Count == 0 && !args.Has("--help") && !args.Has("-h") ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args.Positional[0]);
        if (command is null)
        {
            error.WriteLine($"Okänt kommando \"{args.Positional[0]}\".");
            PrintUsage(error);
            return 2;
        }

        await using var services = BuildServices(args, settings);
        try
        {
            if (!command.ChangesData)
                return await command.RunAsync(args, services, output, error, cancellationToken);
            var said = new CapturingWriter(output);
            var exit = await command.RunAsync(args, services, said, error, cancellationToken);
            if (exit == 0)
                await AuditAsync(services, argv, said.Captured, cancellationToken);
            return exit;
        }
        catch (CliUsageException ex)
        {
            error.WriteLine(ex.Message);
            foreach (var usage in command.Usage.Split('\n'))
                error.WriteLine($"användning: narvaro {usage}");
            return 2;
        }
    }

    /// <summary>The action of the audit entry a data-changing command writes (no user: the operator ran it).</summary>
    public const string AuditAction = "Kommando körts";

    /// <summary>One audit entry: the command line (without the database's path) and the start of what it printed.</summary>
    private static async Task AuditAsync(IServiceProvider services, string[] argv, string printed, CancellationToken cancellationToken)
    {
        var words = new List<string>();
        for (var i = 0; i < argv.Length; i++)
        {
            if (argv[i] == "--db") { i++; continue; }
            words.Add(argv[i]);
        }
        var details = $"narvaro {string.Join(' ', words)}: {printed.ReplaceLineEndings(" ").Trim()}";
        if (details.Length > 2000) details = details[..1997] + "…";
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Audit.AuditTrail>()
            .RecordAsync(null, AuditAction, details: details, cancellationToken: CancellationToken.None);
    }

    /// <summary>Passes what a command prints on, keeping the first part of it for the audit entry.</summary>
    private sealed class CapturingWriter(TextWriter inner) : TextWriter
    {
        private const int Keep = 1500;
        private readonly System.Text.StringBuilder _kept = new();

        public string Captured => _kept.ToString();
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            inner.Write(value);
            if (_kept.Length < Keep) _kept.Append(value);
        }

        public override void Write(string? value)
        {
            inner.Write(value);
            if (value is not null && _kept.Length < Keep) _kept.Append(value.AsSpan(0, Math.Min(value.Length, Keep - _kept.Length)));
        }

        public override void Flush() => inner.Flush();
    }

    /// <summary>
    /// Configuration: appsettings.json beside the binary, then NARVARO_-less environment variables
    /// (Database__Provider, ConnectionStrings__Narvaro), then --db PATH (SQLite file) which wins.
    /// </summary>
    public static ServiceProvider BuildServices(CliArgs args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        var db = args.Get("--db");
        if (db is not null)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
                ["ConnectionStrings:Narvaro"] = $"Data Source={Path.GetFullPath(db)}",
            });
        }
        if (settings is not null)
            builder.AddInMemoryCollection(settings);
        var configuration = builder.Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Warning));
        services.AddNarvaroDatabase(configuration);
        services.AddNarvaroCore();
        return services.BuildServiceProvider();
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("användning: narvaro [--db FIL] KOMMANDO [flaggor]");
        writer.WriteLine();
        // Each usage line is "synopsis   description" (a command may have several); line the descriptions up.
        var lines = Commands.SelectMany(c => c.Usage.Split('\n')).Select(u => u.Split("  ", 2, StringSplitOptions.TrimEntries)).ToList();
        var width = lines.Max(l => l[0].Length);
        foreach (var line in lines)
            writer.WriteLine($"  narvaro {line[0].PadRight(width)}   {(line.Length > 1 ? line[1] : "")}");
        writer.WriteLine();
        writer.WriteLine("DATUM skrivs ÅÅÅÅ-MM-DD.");
        writer.WriteLine("--db FIL använder SQLite-filen FIL; annars hämtas Database:Provider och ConnectionStrings:Narvaro");
        writer.WriteLine("från appsettings.json eller miljövariablerna Database__Provider och ConnectionStrings__Narvaro.");
    }
}
