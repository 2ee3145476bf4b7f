using Hangfire;
using Narvaro.Domain;

namespace Narvaro.Jobs;

/// <summary>
/// The nightly job: runs the night's work (<see cref="NightlyRun"/>) for yesterday (Europe/Stockholm). Thin by design — the run is
/// idempotent, so a retry or a second node running it changes nothing.
/// </summary>
public sealed class NightlyEvaluationJob(NightlyRun nightly, TimeProvider clock)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        nightly.RunAsync(SwedishTime.Yesterday(clock), "nightly", cancellationToken);
}
