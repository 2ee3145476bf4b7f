namespace Narvaro.Cli;

/// <summary>Positional arguments and --name value options, parsed once.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positional { get; }

    private CliArgs(List<string> positional) => Positional = positional;

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["--help", "-h", "--blank"];

    public static CliArgs Parse(IEnumerable<string> args)
    {
        var positional = new List<string>();
        var parsed = new CliArgs(positional);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (arg.StartsWith('-') && arg.Length > 1 && !IsNumber(arg))
            {
                var eq = arg.IndexOf('=');
                if (eq > 0)
                    parsed._options[arg[..eq]] = arg[(eq + 1)..];
                else if (Flags.Contains(arg))
                    parsed._options[arg] = null;
                else
                    parsed._options[arg] = e.MoveNext() ? e.Current : throw new CliUsageException($"Flaggan {arg} behöver ett värde.");
            }
            else
            {
                positional.Add(arg);
            }
        }
        return parsed;
    }

    private static bool IsNumber(string arg) => arg.Length > 1 && char.IsDigit(arg[1]);

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) => Get(name) ?? throw new CliUsageException($"Flaggan {name} måste anges.");

    public int? GetInt(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        return int.TryParse(v, out var i) && i >= 0 ? i : throw new CliUsageException($"Flaggan {name} ska vara ett heltal (0 eller mer), inte \"{v}\".");
    }

    public DateOnly? GetDate(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        return DateOnly.TryParseExact(v, "yyyy-MM-dd", out var d) ? d : throw new CliUsageException($"Flaggan {name} ska vara ett datum ÅÅÅÅ-MM-DD, inte \"{v}\".");
    }

    public IEnumerable<string> OptionNames => _options.Keys;
}

/// <summary>Wrong use of the command line: printed with the usage, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
