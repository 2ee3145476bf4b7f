using Hangfire;
using Narvaro.Notifications;

namespace Narvaro.Jobs;

/// <summary>
/// The daily e-mail digest of new and overdue tasks (<see cref="DigestService"/>). Thin by design; the service claims
/// each (user, day) before sending, so a retry or a second node sends nobody two mails. A run where some mail failed
/// ends Failed, and Hangfire's retry sends only those.
/// </summary>
public sealed class TaskDigestJob(DigestService digests)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await digests.SendDailyAsync(cancellationToken);
        if (result.Failed > 0)
            throw new DigestNotSentException($"{result.Failed} av dagens e-postsammanfattningar kunde inte skickas (SMTP). De skickas vid nästa försök.");
    }
}

/// <summary>Some digests could not be sent; the run fails so Hangfire retries it.</summary>
public sealed class DigestNotSentException(string message) : Exception(message);
