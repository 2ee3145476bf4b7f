using Hangfire;
using Narvaro.Domain;

namespace Narvaro.Jobs;

/// <summary>Every recurring job, with its stable id and schedule. The one place schedules are registered.</summary>
public static class JobSchedules
{
    public const string NightlyEvaluation = "nightly-staircase-evaluation";

    /// <summary>02:00 every night, Swedish time (summer and winter).</summary>
    public const string NightlyEvaluationCron = "0 2 * * *";

    public static void Register(IRecurringJobManager jobs)
    {
        var stockholm = new RecurringJobOptions { TimeZone = SwedishTime.Zone };
        jobs.AddOrUpdate<NightlyEvaluationJob>(NightlyEvaluation, job => job.RunAsync(CancellationToken.None), NightlyEvaluationCron, stockholm);
    }
}
