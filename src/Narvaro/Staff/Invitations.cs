using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Notifications;

namespace Narvaro.Staff;

/// <summary>Configuration section "Invitations".</summary>
public sealed class InvitationOptions
{
    public const string Section = "Invitations";
    /// <summary>How long a link works.</summary>
    public int ValidDays { get; set; } = 7;
}

/// <summary>Where an account's latest invitation stands.</summary>
public enum InvitationState { None, Sent, Used, Expired, Revoked }

/// <summary>The latest invitation of an account.</summary>
public sealed record InvitationStatus(InvitationState State, DateTime? ExpiresAtUtc);

/// <summary>What creating an invitation gave: the link to show the admin when it was not e-mailed.</summary>
public sealed record SentInvitation(string Link, bool Emailed, DateTime ExpiresAtUtc);

/// <summary>
/// Single-use, expiring links to choose a password (/konto/inbjudan/{token}). The token is 32 random bytes in base64url;
/// only its SHA-256 (hex) is stored, so the table cannot be used to sign in. A new invitation revokes the older open ones.
/// </summary>
public sealed class Invitations(NarvaroDbContext db, IMailSender mail, IOptions<SmtpOptions> smtp, IOptions<InvitationOptions> options, TimeProvider clock)
{
    public const string PathPrefix = "/konto/inbjudan/";

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates an invitation and e-mails it when SMTP is configured; the caller shows the link otherwise.</summary>
    public async Task<SentInvitation> CreateAsync(StaffUser user, string? createdBy, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await RevokeOpenAsync(user.Id, now, cancellationToken);
        var token = NewToken();
        var invitation = new StaffInvitation
        {
            UserId = user.Id, TokenHash = Hash(token), CreatedAtUtc = now, CreatedByUserId = createdBy,
            ExpiresAtUtc = now.AddDays(options.Value.ValidDays),
        };
        db.StaffInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);

        var settings = smtp.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(user.Email))
            return new SentInvitation(PathPrefix + token, false, invitation.ExpiresAtUtc);
        var link = settings.Link(PathPrefix + token);
        var expires = SwedishDates.Short(invitation.ExpiresAtUtc);
        var text = $"Hej {user.DisplayName}!\n\nDu har fått ett konto i Närvaro. Välj ditt lösenord här:\n{link}\n\nLänken kan användas en gång och gäller till {expires}.";
        var html = $"<p>Hej {System.Net.WebUtility.HtmlEncode(user.DisplayName)}!</p><p>Du har fått ett konto i Närvaro. <a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Välj ditt lösenord</a>.</p><p>Länken kan användas en gång och gäller till {expires}.</p>";
        await mail.SendAsync(new OutgoingMail(user.Email, user.DisplayName, "Välj lösenord till Närvaro", text, html), cancellationToken);
        return new SentInvitation(link, true, invitation.ExpiresAtUtc);
    }

    /// <summary>The open invitation of this token (not used, revoked or expired), with its user; null otherwise.</summary>
    public async Task<StaffInvitation?> FindOpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.StaffInvitations.Include(i => i.User)
            .SingleOrDefaultAsync(i => i.TokenHash == hash && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now
                && i.User!.DeactivatedAtUtc == null, cancellationToken);
    }

    /// <summary>
    /// Uses the invitation once, atomically: in one transaction a conditional UPDATE (still unused, not revoked, not
    /// expired) claims it, the e-mail is marked confirmed (the person proved they read it) and <paramref name="setPassword"/>
    /// runs. Of two requests with the same link only the one whose UPDATE changed the row goes on; the other gets false
    /// and changes nothing. When <paramref name="setPassword"/> throws, the claim is rolled back and the link still works.
    /// </summary>
    public async Task<bool> TryUseAsync(StaffInvitation invitation, Func<Task> setPassword, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.StaffInvitations
            .Where(i => i.Id == invitation.Id && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAtUtc, now), cancellationToken);
        if (claimed != 1) return false;
        // The row is written; keep the tracked copy in step without a second UPDATE.
        var used = db.Entry(invitation).Property(i => i.UsedAtUtc);
        used.CurrentValue = now;
        used.OriginalValue = now;
        if (invitation.User is { } user) user.EmailConfirmed = true;
        await setPassword();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Revokes the account's open invitations. The caller saves.</summary>
    public async Task RevokeOpenAsync(string userId, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        foreach (var open in await db.StaffInvitations.Where(i => i.UserId == userId && i.UsedAtUtc == null && i.RevokedAtUtc == null).ToListAsync(cancellationToken))
            open.RevokedAtUtc = nowUtc;
    }

    public async Task<InvitationStatus> StateAsync(string userId, CancellationToken cancellationToken = default)
    {
        var latest = await db.StaffInvitations.Where(i => i.UserId == userId).OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id)
            .Select(i => new { i.UsedAtUtc, i.RevokedAtUtc, i.ExpiresAtUtc }).FirstOrDefaultAsync(cancellationToken);
        if (latest is null) return new(InvitationState.None, null);
        if (latest.UsedAtUtc is not null) return new(InvitationState.Used, latest.ExpiresAtUtc);
        if (latest.RevokedAtUtc is not null) return new(InvitationState.Revoked, latest.ExpiresAtUtc);
        return latest.ExpiresAtUtc <= clock.GetUtcNow().UtcDateTime
            ? new(InvitationState.Expired, latest.ExpiresAtUtc)
            : new(InvitationState.Sent, latest.ExpiresAtUtc);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
