using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Absence;

namespace Narvaro.Cli.Commands;

/// <summary>
/// Recomputes the day summaries from the lessons and compares them with the stored ones (<see cref="DaySummaryCheck"/>).
/// Read-only. Exit code 0 when they are equal, 1 when any day differs.
/// </summary>
public sealed class VerifySummariesCommand : ICliCommand
{
    /// <summary>How many differences are printed; the total is always given.</summary>
    public const int MaxListed = 50;

    public string Name => "verify-summaries";
    public string Usage => "verify-summaries                       jämför dagssummeringarna med lektionerna (ändrar inget)";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DaySummaryCheck>().RunAsync(MaxListed, cancellationToken);
        var n = result.DaysChecked.ToString("N0", CultureInfo.GetCultureInfo("sv-SE"));
        if (result.Equal)
        {
            output.WriteLine($"Dagssummeringar stämmer: {n} dagar kontrollerade.");
            return 0;
        }
        output.WriteLine($"Dagssummeringar stämmer inte: {result.DifferenceCount} skillnader bland {n} dagar.");
        output.WriteLine("elev_id;datum;kolumn;väntat;funnet");
        foreach (var d in result.Differences)
            output.WriteLine($"{d.ExternalId};{d.Date:yyyy-MM-dd};{d.Column};{Value(d.Expected)};{Value(d.Found)}");
        if (result.DifferenceCount > result.Differences.Count)
            output.WriteLine($"… och {result.DifferenceCount - result.Differences.Count} skillnader till (de första {result.Differences.Count} visas).");
        return 1;
    }

    private static string Value(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
