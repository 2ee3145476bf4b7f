using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Narvaro.Web.Features.Account;

/// <summary>Configuration section "SignIn": how many sign-in attempts a client may make (docs/security.md).</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Attempts per client address and window, whatever the account.</summary>
    public int PerAddressPermitLimit { get; set; } = 30;
    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Attempts per (client address, account) and window: a guesser is slowed long before the lockout.</summary>
    public int PerAccountPermitLimit { get; set; } = 5;
    public TimeSpan PerAccountWindow { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>
    /// Failed passwords (from anywhere) before Identity locks the account: the last line, set far above what one address
    /// may try, so that nobody locks out someone else by guessing from their own computer.
    /// </summary>
    public int LockoutAfterFailures { get; set; } = 50;
}

/// <summary>Why an attempt was refused before the password was checked.</summary>
public enum SignInRefusal
{
    None,
    Address,
    Account,
}

/// <summary>
/// Throttles sign-in attempts with ASP.NET Core's rate limiter (System.Threading.RateLimiting), per client address and
/// per (client address, account). Partitioning the account limit by address means that guessing a colleague's
/// password slows the guesser, not the colleague signing in from their own computer. Limits are per web node; with N
/// nodes a client gets at most N times as many attempts, still far below the lockout.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly PartitionedRateLimiter<string> _perAccount;

    public SignInThrottle(IOptions<SignInOptions> options)
    {
        var o = options.Value;
        _perAddress = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.PerAddressPermitLimit, Window = o.PerAddressWindow, QueueLimit = 0 }));
        _perAccount = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.PerAccountPermitLimit, Window = o.PerAccountWindow, QueueLimit = 0 }));
    }

    /// <summary>Takes one attempt for (address, account), or says which limit refuses it.</summary>
    public SignInRefusal TryAcquire(string? address, string account)
    {
        var from = string.IsNullOrEmpty(address) ? "okänd" : address;
        using var byAddress = _perAddress.AttemptAcquire(from);
        if (!byAddress.IsAcquired) return SignInRefusal.Address;
        using var byAccount = _perAccount.AttemptAcquire(from + "|" + account.Trim().ToUpperInvariant());
        return byAccount.IsAcquired ? SignInRefusal.None : SignInRefusal.Account;
    }

    public void Dispose()
    {
        _perAddress.Dispose();
        _perAccount.Dispose();
    }
}
