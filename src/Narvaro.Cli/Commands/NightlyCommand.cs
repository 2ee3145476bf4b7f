using Microsoft.Extensions.DependencyInjection;
using Narvaro.Domain;
using Narvaro.Jobs;

namespace Narvaro.Cli.Commands;

/// <summary>What the nightly job does, for a chosen date (default: yesterday in Stockholm).</summary>
public sealed class NightlyCommand : ICliCommand
{
    public bool ChangesData => true;
    public string Name => "nightly";
    public string Usage => "nightly [--as-of DATUM]                 hämta från SS 12000, utvärdera trappan, bifoga blanketter (standard: i går)";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var asOf = args.GetDate("--as-of") ?? SwedishTime.Yesterday(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var run = await scope.ServiceProvider.GetRequiredService<NightlyRun>().RunAsync(asOf, "cli", cancellationToken);
        var result = run.Evaluation;
        if (run.Ss12000Import is { } imported)
            output.WriteLine($"SS 12000: {imported.Sources.Sum(s => s.Lessons)} närvarorader från {imported.Sources.Count} källor, " +
                $"{imported.From:yyyy-MM-dd} – {imported.To:yyyy-MM-dd}.");
        output.WriteLine($"Utvärdering {result.AsOf:yyyy-MM-dd}: {result.Pupils} elever ({result.PupilsEvaluated} bedömda), " +
            $"{result.CasesOpened} nya ärenden, {result.CasesAdvanced} ärenden som gått vidare, " +
            $"{result.TasksRaised} uppgifter och {result.DayTasksRaised} kontakter 1:a frånvarodagen, {result.Elapsed.TotalSeconds:0.0} s.");
        output.WriteLine($"Dokument: {run.DocumentsAttached} blanketter (bilaga 1–3) bifogade till ärenden.");
        output.WriteLine($"Körning {result.RunId}: {result.PupilsEvaluated} elever bedömda, {result.PupilsChanged} med ändrat ärende " +
            $"(öppnat eller gått vidare), {result.PupilsWithNewTasks} med nya uppgifter, {run.DocumentsAttached} dokument bifogade.");
        return 0;
    }
}
