using Hangfire;
using Narvaro.Domain;

namespace Narvaro.Jobs;

/// <summary>
/// The nightly job: runs the night's work (<see cref="NightlyRun"/>) for yesterday (Europe/Stockholm), once per date
/// however many nodes run it: the night's lock (<see cref="NightlyLock"/>) lets one node at a time in, and a night
/// already completed for the date is not evaluated again (<see cref="NightlyRun.RunOnceAsync"/>). Thin by design.
/// </summary>
public sealed class NightlyEvaluationJob(NightlyRun nightly, TimeProvider clock)
{
    /// <summary>The trigger recorded on the night's evaluation run.</summary>
    public const string Trigger = "nightly";

    // No DisableConcurrentExecution: the night's own lock replaces it (see NightlyLock for why).
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        nightly.RunOnceAsync(SwedishTime.Yesterday(clock), Trigger, cancellationToken);

    /// <summary>The night for a given date (an operator's catch-up of a missed night); once per date, like the schedule.</summary>
    [AutomaticRetry(Attempts = 3)]
    public Task RunForAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        nightly.RunOnceAsync(asOf, Trigger, cancellationToken);
}
