using Narvaro.Escalation;

namespace Narvaro.Jobs;

public sealed record NightlyRunResult(EvaluationResult Evaluation);

/// <summary>
/// Everything the night does for a date D, in order: the staircase evaluation for D. The Hangfire job and
/// <c>narvaro nightly</c> both call this, so the command line does exactly what the job does. Every step is
/// idempotent, so the whole run is safe to repeat.
/// </summary>
public sealed class NightlyRun(StaircaseEvaluator evaluator)
{
    public async Task<NightlyRunResult> RunAsync(DateOnly asOf, string trigger, CancellationToken cancellationToken = default)
    {
        var evaluation = await evaluator.EvaluateAsync(asOf, trigger, cancellationToken);
        return new NightlyRunResult(evaluation);
    }
}
