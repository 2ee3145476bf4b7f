using Hangfire;
using Narvaro.Ss12000;

namespace Narvaro.Jobs;

/// <summary>
/// "Hämta nu" from the admin page: one SS 12000 import for a date range. Thin by design; the import is idempotent, so
/// running it twice changes nothing. The client already retries transient faults, so Hangfire does not retry: a
/// failure stays visible in the dashboard with its Swedish reason.
/// </summary>
public sealed class Ss12000ImportJob(Ss12000Import import)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(DateOnly from, DateOnly to, string? source, CancellationToken cancellationToken) =>
        import.ImportAsync(from, to, source, cancellationToken);
}
