using Narvaro.Cli;
using Narvaro.Data;

namespace Narvaro.Tests.Infrastructure;

/// <summary>
/// Runs the narvaro command against a test database: on SQLite through <c>--db FILE</c>, as an operator would; on a
/// server through the configuration (Database:Provider, ConnectionStrings:Narvaro), as there is no file.
/// </summary>
public static class CommandLine
{
    public static Task<int> RunAsync(
        TestDatabase database, string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
            return NarvaroCli.RunAsync(["--db", database.Path, .. args], output, error, settings);
        var all = new Dictionary<string, string?>(database.Settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return NarvaroCli.RunAsync(args, output, error, all);
    }
}
