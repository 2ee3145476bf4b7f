using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Escalation;
using Narvaro.Ss12000;

namespace Narvaro.Jobs;

public sealed record NightlyRunResult(EvaluationResult Evaluation, int DocumentsAttached = 0)
{
    /// <summary>The SS 12000 import before the evaluation; null when no source is configured.</summary>
    public Ss12000ImportSummary? Ss12000Import { get; init; }
}

/// <summary>
/// Everything the night does for a date D, in order: the SS 12000 import of the last days up to D (when sources are
/// configured), the staircase evaluation for D, then the forms (Bilaga 1–3) attached to the cases that reached
/// step 3 or 4, whose number is then recorded on the evaluation's run. The Hangfire job and <c>narvaro nightly</c> both call this, so the command line does exactly what the
/// job does. Every step is idempotent, so the whole run is safe to repeat.
/// </summary>
public sealed class NightlyRun(
    Ss12000Import ss12000, IOptions<Ss12000Options> ss12000Options, StaircaseEvaluator evaluator, CaseDocumentAttacher documents,
    NarvaroDbContext db, ILogger<NightlyRun> logger)
{
    /// <summary>How long a node waits for another node's night to finish before its job fails (and Hangfire retries).</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromHours(1);

    /// <summary>
    /// The scheduled night: under the night's lock (one node at a time, freed when its holder dies), and only once per
    /// date and trigger. A node that finds the date's run already committed by another node (or by its own earlier
    /// attempt) evaluates nothing again; it only attaches the forms, which is idempotent, so a node that died after
    /// the evaluation committed but before the forms were attached is completed by the retry. Returns null when the
    /// night was already done. <c>narvaro nightly</c> keeps <see cref="RunAsync"/>: an operator's run always runs.
    /// </summary>
    public async Task<NightlyRunResult?> RunOnceAsync(DateOnly asOf, string trigger, CancellationToken cancellationToken = default)
    {
        await using var nightLock = await NightlyLock.AcquireAsync(db, LockWait, cancellationToken);
        var done = await db.EvaluationRuns.AsNoTracking()
            .Where(r => r.AsOf == asOf && r.Trigger == trigger)
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.DocumentsAttached })
            .FirstOrDefaultAsync(cancellationToken);
        if (done is null)
            return await RunAsync(asOf, trigger, cancellationToken);

        var attached = await AttachDocumentsAsync(asOf, done.Id, done.DocumentsAttached, cancellationToken);
        logger.LogInformation("The night of {AsOf} was already evaluated (run {RunId}); not evaluated again ({Attached} forms attached now)",
            asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), done.Id, attached);
        return null;
    }

    public async Task<NightlyRunResult> RunAsync(DateOnly asOf, string trigger, CancellationToken cancellationToken = default)
    {
        // A failed import fails the night before the evaluation: evaluating on stale attendance would raise or miss
        // tasks on yesterday's data, and Hangfire's retry runs the whole night again once the source answers.
        Ss12000ImportSummary? imported = null;
        if (ss12000Options.Value.Sources.Count > 0)
            imported = await ss12000.ImportAsync(asOf.AddDays(1 - ss12000Options.Value.DaysBack), asOf, null, cancellationToken);

        var evaluation = await evaluator.EvaluateAsync(asOf, trigger, cancellationToken);
        var attached = await AttachDocumentsAsync(asOf, evaluation.RunId, alreadyAttached: 0, cancellationToken);
        return new NightlyRunResult(evaluation, attached) { Ss12000Import = imported };
    }

    /// <summary>
    /// Attaches the date's forms (idempotent) and records them on the night's run. The run row was committed with the
    /// evaluation; the documents come after, so they are added to its count now.
    /// </summary>
    private async Task<int> AttachDocumentsAsync(DateOnly asOf, int runId, int alreadyAttached, CancellationToken cancellationToken)
    {
        var attached = await documents.AttachAsync(asOf, cancellationToken);
        if (attached > 0)
            await evaluator.RecordDocumentsAttachedAsync(runId, alreadyAttached + attached, cancellationToken);
        return attached;
    }
}
