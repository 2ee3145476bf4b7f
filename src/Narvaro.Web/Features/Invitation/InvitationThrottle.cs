using System.Threading.RateLimiting;

namespace Narvaro.Web.Features.Invitation;

/// <summary>
/// Slows token guessing on /konto/inbjudan: a fixed window of attempts per client address (ASP.NET Core's rate limiter
/// primitives, as <see cref="Account.SignInThrottle"/>). A token has 256 random bits; this keeps the logs and the
/// database quiet rather than making guessing possible at all.
/// </summary>
public sealed class InvitationThrottle(IConfiguration configuration) : IDisposable
{
    /// <summary>Attempts per client address and window, unless "Invitation:PermitLimit" says otherwise.</summary>
    public const int DefaultPermitLimit = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue("Invitation:PermitLimit", DefaultPermitLimit),
            Window = Window,
            QueueLimit = 0,
        }));

    public bool TryAcquire(string? address)
    {
        using var lease = _perAddress.AttemptAcquire(string.IsNullOrEmpty(address) ? "okänd" : address);
        return lease.IsAcquired;
    }

    public void Dispose() => _perAddress.Dispose();
}
