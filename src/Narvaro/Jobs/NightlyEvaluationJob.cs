using Hangfire;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Jobs;

/// <summary>
/// The nightly job: evaluates the staircase for yesterday (Europe/Stockholm). Thin by design — the evaluation is
/// idempotent, so a retry or a second node running it changes nothing.
/// </summary>
public sealed class NightlyEvaluationJob(StaircaseEvaluator evaluator, TimeProvider clock)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        evaluator.EvaluateAsync(SwedishTime.Yesterday(clock), "nightly", cancellationToken);
}
