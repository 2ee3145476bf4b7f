using Hangfire;
using Narvaro.Domain;

namespace Narvaro.Jobs;

/// <summary>Every recurring job, with its stable id and schedule. The one place schedules are registered.</summary>
public static class JobSchedules
{
    public const string NightlyEvaluation = "nightly-staircase-evaluation";

    /// <summary>02:00 every night, Swedish time (summer and winter).</summary>
    public const string NightlyEvaluationCron = "0 2 * * *";

    public const string TaskDigest = "daily-task-digest";

    /// <summary>06:30 every day, Swedish time: after the night's evaluation, before the school day.</summary>
    public const string TaskDigestCron = "30 6 * * *";

    public static void Register(IRecurringJobManager jobs)
    {
        var stockholm = new RecurringJobOptions { TimeZone = SwedishTime.Zone };
        jobs.AddOrUpdate<NightlyEvaluationJob>(NightlyEvaluation, job => job.RunAsync(CancellationToken.None), NightlyEvaluationCron, stockholm);
        jobs.AddOrUpdate<TaskDigestJob>(TaskDigest, job => job.RunAsync(CancellationToken.None), TaskDigestCron, stockholm);
    }
}
