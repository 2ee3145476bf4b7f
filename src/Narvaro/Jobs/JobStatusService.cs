using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Jobs;

/// <summary>One evaluation run as the job status page shows it: counts only (a run covers every huvudman).</summary>
public sealed record EvaluationRunRow(
    int Id, DateOnly AsOf, DateTime StartedAtUtc, TimeSpan Duration, string? Trigger, int PupilsEvaluated, int PupilsChanged,
    int PupilsWithNewTasks, int CasesOpened, int TasksRaised, int DocumentsAttached);

/// <summary>A recurring Hangfire job: its stable id, schedule, next run and the state of its last run.</summary>
public sealed record RecurringJobRow(
    string Id, string Cron, string? TimeZoneId, DateTime? NextRunUtc, DateTime? LastRunUtc, string? LastState, string? Error);

/// <summary>What Hangfire's storage says; <see cref="Available"/> is false when there is no storage or it did not answer.</summary>
public sealed record HangfireStatus(bool Available, int Servers, IReadOnlyList<RecurringJobRow> RecurringJobs, string? Problem)
{
    public static readonly HangfireStatus NotConfigured = new(false, 0, [], "Hangfire är inte konfigurerat i den här processen.");
}

public sealed record JobStatusPage(IReadOnlyList<EvaluationRunRow> Runs, HangfireStatus Hangfire);

/// <summary>
/// The admin's job status page ("Nattkörningar"): the latest evaluation runs from the database, newest first, and the
/// recurring jobs from Hangfire's storage (the same storage every node shares) through its monitoring API. Hangfire is
/// optional here: the command line and tests without it still get the runs.
/// </summary>
public sealed class JobStatusService(NarvaroDbContext db, ILogger<JobStatusService> logger, JobStorage? storage = null)
{
    public const int RunsShown = 30;

    /// <summary>The huvudman the user administers, or null (the page is then not theirs to see).</summary>
    public Task<int?> AdminOrganisationAsync(string userId, CancellationToken cancellationToken = default) =>
        StaffAccess.FirstOrganisationWhereAsync(db, userId, StaffRoles.Admin, cancellationToken);

    public async Task<JobStatusPage> LoadAsync(CancellationToken cancellationToken = default)
    {
        var runs = (await db.EvaluationRuns.AsNoTracking()
                .OrderByDescending(r => r.Id)
                .Take(RunsShown)
                .Select(r => new
                {
                    r.Id, r.AsOf, r.StartedAtUtc, r.FinishedAtUtc, r.Trigger, r.PupilsEvaluated, r.PupilsChanged,
                    r.PupilsWithNewTasks, r.CasesOpened, r.TasksRaised, r.DocumentsAttached,
                })
                .ToListAsync(cancellationToken))
            .Select(r => new EvaluationRunRow(r.Id, r.AsOf, r.StartedAtUtc, r.FinishedAtUtc - r.StartedAtUtc, r.Trigger,
                r.PupilsEvaluated, r.PupilsChanged, r.PupilsWithNewTasks, r.CasesOpened, r.TasksRaised, r.DocumentsAttached))
            .ToList();
        return new JobStatusPage(runs, ReadHangfire());
    }

    private HangfireStatus ReadHangfire()
    {
        if (storage is null) return HangfireStatus.NotConfigured;
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var servers = monitoring.Servers().Count;
            using var connection = storage.GetConnection();
            var jobs = connection.GetRecurringJobs()
                .OrderBy(j => Array.IndexOf(KnownJobs, j.Id) is var i && i < 0 ? int.MaxValue : i).ThenBy(j => j.Id, StringComparer.Ordinal)
                .Select(j => new RecurringJobRow(j.Id, j.Cron, j.TimeZoneId, j.NextExecution, j.LastExecution,
                    LastState(monitoring, j), j.Error))
                .ToList();
            return new HangfireStatus(true, servers, jobs, null);
        }
        catch (Exception ex)
        {
            // The page still shows the runs from the database; the reason is in the log.
            logger.LogWarning(ex, "Could not read Hangfire's storage for the job status page");
            return new HangfireStatus(false, 0, [], "Hangfire svarade inte: bakgrundsjobbens status kunde inte läsas.");
        }
    }

    /// <summary>The recurring job's own record of its last state; else the last job's current state from the monitoring API.</summary>
    private static string? LastState(IMonitoringApi monitoring, RecurringJobDto job)
    {
        if (job.LastJobState is not null || job.LastJobId is null) return job.LastJobState;
        return monitoring.JobDetails(job.LastJobId)?.History?.FirstOrDefault()?.StateName;
    }

    private static readonly string[] KnownJobs = [JobSchedules.NightlyEvaluation, JobSchedules.TaskDigest];
}
