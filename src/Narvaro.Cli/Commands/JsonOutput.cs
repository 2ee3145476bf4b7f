using System.Text;
using System.Text.Json;

namespace Narvaro.Cli.Commands;

/// <summary>Writes the CLI's JSON contract: properties in the documented order, plain numbers, ISO dates.</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Percentages to four decimals: exact enough to compare, free of binary noise.</summary>
    public static double Percent(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    public static void RequireJson(CliArgs args)
    {
        var format = args.Get("--format") ?? "json";
        if (format != "json") throw new CliUsageException($"Okänt format \"{format}\"; bara json finns.");
    }
}
