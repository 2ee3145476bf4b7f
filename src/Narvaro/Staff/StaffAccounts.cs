using Microsoft.AspNetCore.Identity;
using Narvaro.Domain;

namespace Narvaro.Staff;

/// <summary>Creates staff accounts the way ASP.NET Core Identity would, for imports and demo data.</summary>
public static class StaffAccounts
{
    /// <summary>The id of a role row (seeded by the first migration).</summary>
    public static string RoleId(string role) => "role-" + role.ToLowerInvariant();

    /// <summary>
    /// A new account signed in by e-mail. Without a password it cannot sign in until an admin invites the person.
    /// </summary>
    public static StaffUser NewUser(string email, string displayName, string? password = null)
    {
        var normalizedEmail = email.Trim().ToUpperInvariant();
        var user = new StaffUser
        {
            Id = Guid.NewGuid().ToString(),
            UserName = email.Trim(),
            NormalizedUserName = normalizedEmail,
            Email = email.Trim(),
            NormalizedEmail = normalizedEmail,
            EmailConfirmed = password is not null,
            DisplayName = displayName,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        if (password is not null)
            user.PasswordHash = Hasher.HashPassword(user, password);
        return user;
    }

    public static IdentityUserRole<string> InRole(StaffUser user, string role) =>
        new() { UserId = user.Id, RoleId = RoleId(role) };

    private static readonly PasswordHasher<StaffUser> Hasher = new();
}
