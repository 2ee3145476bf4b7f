using Microsoft.EntityFrameworkCore;
using Narvaro.Data;

namespace Narvaro.Audit;

/// <summary>The outcome of checking the audit log's hash chain.</summary>
/// <param name="BeforeChain">Entries written before the chain began (no hash), skipped.</param>
/// <param name="Verified">Entries whose hash and link were checked and found right.</param>
/// <param name="BreakAtId">The first entry where the chain is broken, if any.</param>
/// <param name="BreakReason">What is wrong at that entry (Swedish, shown to the admin).</param>
public sealed record AuditChainReport(int BeforeChain, int Verified, long? BreakAtId, string? BreakReason)
{
    public bool Intact => BreakAtId is null;
}

/// <summary>Checks the audit log's hash chain, entry by entry in id order, streaming.</summary>
public sealed class AuditChain(NarvaroDbContext db)
{
    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        int before = 0, verified = 0;
        string? previous = null;
        var started = false;
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!started && entry.Hash is null && entry.PreviousHash is null)
            {
                before++;
                continue;
            }
            if (entry.Hash is null)
                return new(before, verified, entry.Id, "posten saknar kontrollsumma");
            if (started && entry.PreviousHash != previous)
                return new(before, verified, entry.Id, "föregående post saknas eller har ändrats (länken stämmer inte)");
            if (!started && entry.PreviousHash is not null)
                return new(before, verified, entry.Id, "kedjans första post pekar på en post som saknas");
            if (AuditHash.Compute(entry) != entry.Hash)
                return new(before, verified, entry.Id, "posten har ändrats (kontrollsumman stämmer inte)");
            started = true;
            previous = entry.Hash;
            verified++;
        }
        return new(before, verified, null, null);
    }
}
