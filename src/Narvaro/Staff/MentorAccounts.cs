using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Staff;

/// <summary>
/// The accounts of the mentors an import names by e-mail (CSV pupil file or SS 12000). An e-mail without an account
/// gets a new one without password (<see cref="StaffAccounts.NewUser"/>): it cannot sign in until an admin invites
/// the person. New accounts are added to the context, not saved.
/// </summary>
public static class MentorAccounts
{
    /// <summary>The key an e-mail is looked up by: as Identity normalises it.</summary>
    public static string Key(string email) => email.Trim().ToUpperInvariant();

    /// <summary>Every e-mail's account by <see cref="Key"/>, with whether this call created it.</summary>
    public static async Task<Dictionary<string, (StaffUser User, bool IsNew)>> FindOrCreateAsync(
        NarvaroDbContext db, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var byKey = emails.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var keys = byKey.Keys.ToList();
        // Accounts made by StaffAccounts use the e-mail as user name too, so either column identifies the person.
        var existing = await db.Users
            .Where(u => keys.Contains(u.NormalizedEmail!) || keys.Contains(u.NormalizedUserName!))
            .OrderBy(u => u.Id)
            .ToListAsync(cancellationToken);

        var accounts = new Dictionary<string, (StaffUser User, bool IsNew)>(StringComparer.Ordinal);
        foreach (var user in existing)
        {
            var key = user.NormalizedEmail is not null && byKey.ContainsKey(user.NormalizedEmail)
                ? user.NormalizedEmail
                : user.NormalizedUserName!;
            accounts.TryAdd(key, (user, false));
        }
        foreach (var (key, email) in byKey)
        {
            if (accounts.ContainsKey(key)) continue;
            var user = StaffAccounts.NewUser(email, displayName: email);
            db.Users.Add(user);
            accounts.Add(key, (user, true));
        }
        return accounts;
    }

    /// <summary>
    /// An account an import creates gets the huvudman of the school its mentee is imported into (when that huvudman is
    /// already saved), so that huvudman's administrators manage it. Called for new accounts only: a second import of
    /// the same file changes nothing. A mentor without huvudman is still listed through their mentees.
    /// </summary>
    public static void BelongTo(StaffUser? mentor, School school)
    {
        if (mentor is null || mentor.OrganisationId is not null) return;
        var organisationId = school.OrganisationId != 0 ? school.OrganisationId : school.Organisation?.Id ?? 0;
        if (organisationId != 0) mentor.OrganisationId = organisationId;
    }
}
