using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Narvaro.Absence;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

/// <summary>
/// One evaluation's outcome. <see cref="PupilsChanged"/> counts pupils whose case was opened or moved (step, M or late
/// level): only their rows of Cases and CaseEvents were written. <see cref="PupilsWithNewTasks"/> counts distinct pupils
/// given at least one task (case tasks and the first day's contact). <see cref="RunId"/> is the EvaluationRun row written.
/// </summary>
public sealed record EvaluationResult(
    DateOnly AsOf, int Pupils, int PupilsEvaluated, int CasesOpened, int CasesAdvanced, int TasksRaised, int DayTasksRaised,
    TimeSpan Elapsed, TimeSpan MeasureTime)
{
    public int PupilsChanged => CasesOpened + CasesAdvanced;
    public int PupilsWithNewTasks { get; init; }
    public int RunId { get; init; }
}

/// <summary>
/// The nightly evaluation of the staircase for a date D. Measures are read first (outside any lock); then, in one
/// transaction that only one evaluator at a time can hold, the open cases are read, decided and written.
/// Running it twice, concurrently, or again after a crash leaves what one clean run leaves: the transaction is all
/// or nothing, and the database's unique keys (one open case per pupil, one task per case and code, one day task
/// per pupil, code and date) refuse any duplicate.
/// </summary>
public sealed class StaircaseEvaluator(
    NarvaroDbContext db, MeasureService measureService, AttendanceDayQuery dayQuery, TimeProvider clock, ILogger<StaircaseEvaluator> logger)
{
    private const int Attempts = 3;

    public async Task<EvaluationResult> EvaluateAsync(DateOnly asOf, string trigger, CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        var measures = await measureService.RollingAsync(asOf, cancellationToken);
        var invalidToday = await dayQuery.InvalidOnDayAsync(asOf, cancellationToken);
        var plans = (await db.PolicyTasks.AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(s => s.OrganisationId)
            .ToDictionary(g => g.Key, TaskPlan.For);
        var measureTime = clock.GetElapsedTime(started);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await WriteAsync(asOf, trigger, measures, invalidToday, plans, started, measureTime, cancellationToken);
                logger.LogInformation("Evaluated {AsOf}: {Opened} cases opened, {Tasks} tasks raised in {Elapsed} (measures {MeasureTime})",
                    asOf, result.CasesOpened, result.TasksRaised + result.DayTasksRaised, result.Elapsed, result.MeasureTime);
                return result;
            }
            catch (Exception ex) when (attempt < Attempts && IsConflict(ex))
            {
                // Another evaluator wrote first; read the cases again and decide anew.
                logger.LogWarning(ex, "Evaluation of {AsOf} met a concurrent writer; retrying ({Attempt}/{Attempts})", asOf, attempt, Attempts);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Records on a run the documents the attacher added after it. A separate, single-row write after the evaluation's
    /// transaction has committed: the evaluation stays all or nothing, and a night that fails while attaching keeps
    /// its run with 0 documents (the retry's run records what it attaches).
    /// </summary>
    public Task RecordDocumentsAttachedAsync(int runId, int documents, CancellationToken cancellationToken = default) =>
        db.EvaluationRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DocumentsAttached, documents), cancellationToken);

    private async Task<EvaluationResult> WriteAsync(
        DateOnly asOf, string trigger, List<PupilMeasures> measures, List<(int PupilId, bool InvalidOnPreviousSchoolDay)> invalidToday,
        Dictionary<int, TaskPlan> plans, long started, TimeSpan measureTime, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SerializeEvaluatorsAsync(cancellationToken);

        var open = await db.Cases.AsNoTracking().Where(c => c.ClosedOn == null)
            .Select(c => new { c.Id, c.PupilId, c.Step, c.ContinuousInvalid, c.LateLevel })
            .ToDictionaryAsync(c => c.PupilId, cancellationToken);
        var dayTasksToday = (await db.Tasks.AsNoTracking()
            .Where(t => t.CaseId == null && t.Code == TaskCatalog.S1Contact && t.RaisedOn == asOf)
            .Select(t => t.PupilId).ToListAsync(cancellationToken)).ToHashSet();
        var organisationOf = measures.ToDictionary(m => m.PupilId, m => m.OrganisationId);
        TaskPlan PlanOf(int organisationId) => plans.GetValueOrDefault(organisationId) ?? TaskPlan.Default;

        // Incremental: Staircase.Decide returns null for a pupil whose measures reach nothing new, and such a pupil
        // gets no write at all; only the opened or moved cases, their events and the new tasks are written.
        int opened = 0, advanced = 0, tasks = 0, dayTasks = 0;
        var pupilsWithTasks = new HashSet<int>();
        await using (var writer = new EscalationWriter(db, clock.GetUtcNow().UtcDateTime))
        {
            foreach (var pupil in measures)
            {
                var existing = open.GetValueOrDefault(pupil.PupilId);
                var state = existing is null ? null : new CaseState(existing.Step, existing.ContinuousInvalid, existing.LateLevel);
                var decision = Staircase.Decide(pupil.Measures, pupil.Policy, state);
                if (decision is null) continue;

                var plan = PlanOf(pupil.OrganisationId);
                int caseId;
                if (decision.OpensCase)
                {
                    caseId = writer.OpenCase(pupil.PupilId, asOf, decision.State);
                    writer.AddEvent(caseId, asOf, CaseEventKind.Opened, CaseTexts.Opened(pupil));
                    opened++;
                }
                else
                {
                    caseId = existing!.Id;
                    writer.UpdateCase(caseId, decision.State);
                    advanced++;
                }

                var before = state ?? CaseState.New;
                if (decision.State.Step > before.Step)
                    writer.AddEvent(caseId, asOf, CaseEventKind.StepReached, CaseTexts.StepReached(decision.State.Step, pupil));
                if (decision.State.ContinuousInvalid && !before.ContinuousInvalid)
                    writer.AddEvent(caseId, asOf, CaseEventKind.ContinuousInvalidReached, CaseTexts.ContinuousInvalid(pupil));
                if (decision.State.LateLevel > before.LateLevel)
                    writer.AddEvent(caseId, asOf, CaseEventKind.LateArrivalsReached, CaseTexts.LateArrivals(decision.State.LateLevel, pupil));

                // A raised task is its own timeline entry: the task row keeps when it was raised, for whom and by when.
                foreach (var code in decision.TaskCodes)
                {
                    writer.RaiseTask(pupil.PupilId, caseId, code, plan.RoleOf(code), asOf, plan.DueOf(code, asOf));
                    tasks++;
                }
                if (decision.TaskCodes.Count > 0) pupilsWithTasks.Add(pupil.PupilId);
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (var (pupilId, invalidOnPrevious) in invalidToday)
            {
                if (!FirstDayContactRule.Applies(invalidOnDay: true, invalidOnPrevious) || dayTasksToday.Contains(pupilId)) continue;
                if (!organisationOf.TryGetValue(pupilId, out var organisationId)) continue;
                var plan = PlanOf(organisationId);
                writer.RaiseTask(pupilId, null, TaskCatalog.S1Contact, plan.RoleOf(TaskCatalog.S1Contact), asOf,
                    plan.DueOf(TaskCatalog.S1Contact, asOf));
                dayTasks++;
                pupilsWithTasks.Add(pupilId);
            }
            writer.Flush();
        }

        var elapsed = clock.GetElapsedTime(started);
        var finished = clock.GetUtcNow().UtcDateTime;
        var evaluated = measures.Count(m => m.Evaluated);
        var run = new EvaluationRun
        {
            AsOf = asOf,
            StartedAtUtc = finished - elapsed,
            FinishedAtUtc = finished,
            PupilsEvaluated = evaluated,
            PupilsChanged = opened + advanced,
            PupilsWithNewTasks = pupilsWithTasks.Count,
            CasesOpened = opened,
            TasksRaised = tasks + dayTasks,
            Trigger = trigger,
        };
        db.EvaluationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Not tracked beyond this run: a retry after a conflict, or the next evaluation on this context, starts clean.
        db.Entry(run).State = EntityState.Detached;
        return new EvaluationResult(asOf, measures.Count, evaluated, opened, advanced, tasks, dayTasks, elapsed, measureTime)
        {
            PupilsWithNewTasks = pupilsWithTasks.Count,
            RunId = run.Id,
        };
    }

    /// <summary>
    /// Only one evaluator writes at a time. SQLite: the transaction is BEGIN IMMEDIATE, which already holds the
    /// database's write lock. SQL Server: an exclusive application lock owned by the transaction, shared by all nodes.
    /// PostgreSQL: a transaction-scoped advisory lock, likewise shared by all nodes.
    /// </summary>
    private async Task SerializeEvaluatorsAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite()) return;
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(PostgreSqlLocks.Take(PostgreSqlLocks.StaircaseEvaluation), cancellationToken);
            return;
        }
        await db.Database.ExecuteSqlRawAsync(
            "EXEC sp_getapplock @Resource = 'narvaro-staircase-evaluation', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 600000",
            cancellationToken);
    }

    private static bool IsConflict(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsConflict(inner),
        SqliteException { SqliteErrorCode: 19 } => true, // SQLITE_CONSTRAINT: a unique key refused a duplicate
        SqliteException { SqliteErrorCode: 5 } => true,  // SQLITE_BUSY
        SqlException { Number: 2601 or 2627 or 1205 } => true, // duplicate key, deadlock victim
        Npgsql.PostgresException { SqlState: "23505" or "40001" or "40P01" } => true, // unique violation, serialization failure, deadlock
        _ => false,
    };
}

/// <summary>The timeline's wording, in the plan's own words.</summary>
internal static class CaseTexts
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private static string Figures(PupilMeasures p) => string.Create(Swedish,
        $"frånvaro {p.Measures.AbsencePercent:0.0} %, varav ogiltig {p.Measures.InvalidPercent:0.0} %, {p.Measures.LateArrivals} sena ankomster de senaste {p.Policy.WindowDays} dagarna");

    public static string Opened(PupilMeasures p) => $"Ärende öppnat: {Figures(p)}.";

    public static string StepReached(int step, PupilMeasures p) => step switch
    {
        3 => $"Steg 3 – upprepad frånvaro ({p.Policy.ChecklistThresholdPercent.ToString("0.#", Swedish)} %/månad): {Figures(p)}.",
        4 => $"Steg 4 – fortsatt upprepad frånvaro ({p.Policy.StudentHealthThresholdPercent.ToString("0.#", Swedish)} %/månad): {Figures(p)}.",
        5 => $"Steg 5 – ytterligare upprepad frånvaro (> {p.Policy.SkolchefThresholdPercent.ToString("0.#", Swedish)} %/månad): {Figures(p)}.",
        _ => $"Steg {step}: {Figures(p)}.",
    };

    public static string ContinuousInvalid(PupilMeasures p) =>
        $"Ogiltig sammanhängande frånvaro mer än 2 veckor: {p.Measures.InvalidStreakDays} skoldagar i följd. Ska alltid anmälas till skolchef och socialtjänsten.";

    public static string LateArrivals(int level, PupilMeasures p) => level >= 2
        ? $"Fortsatt upprepade sena ankomster: {p.Measures.LateArrivals} de senaste {p.Policy.WindowDays} dagarna."
        : $"Upprepade sena ankomster: {p.Measures.LateArrivals} de senaste {p.Policy.WindowDays} dagarna.";

}
