using Narvaro.Documents;
using Narvaro.Escalation;

namespace Narvaro.Jobs;

public sealed record NightlyRunResult(EvaluationResult Evaluation, int DocumentsAttached = 0);

/// <summary>
/// Everything the night does for a date D, in order: the staircase evaluation for D, then
/// the forms (Bilaga 1–3) attached to the cases that reached step 3 or 4. The Hangfire job and
/// <c>narvaro nightly</c> both call this, so the command line does exactly what the job does. Every step is
/// idempotent, so the whole run is safe to repeat.
/// </summary>
public sealed class NightlyRun(StaircaseEvaluator evaluator, CaseDocumentAttacher documents)
{
    public async Task<NightlyRunResult> RunAsync(DateOnly asOf, string trigger, CancellationToken cancellationToken = default)
    {
        var evaluation = await evaluator.EvaluateAsync(asOf, trigger, cancellationToken);
        var attached = await documents.AttachAsync(asOf, cancellationToken);
        return new NightlyRunResult(evaluation, attached);
    }
}
