using Microsoft.AspNetCore.Identity;

namespace Narvaro.Domain;

/// <summary>
/// A member of staff. Access comes from <see cref="RoleAssignment"/>s (per role and school) and, for mentors, from the
/// pupils whose mentor they are; an account an administrator deactivated signs in no more and its sessions end.
/// </summary>
public class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public List<RoleAssignment> Assignments { get; set; } = [];
    /// <summary>The huvudman whose administrators manage the account (set when created or imported; null for older accounts).</summary>
    public int? OrganisationId { get; set; }
    /// <summary>UTC. Set: the account is deactivated; it cannot sign in and its sessions end at the next request.</summary>
    public DateTime? DeactivatedAtUtc { get; set; }
    public string? DeactivatedByUserId { get; set; }
    /// <summary>UTC, the last successful sign-in.</summary>
    public DateTime? LastSignInAtUtc { get; set; }

    public bool IsActive => DeactivatedAtUtc is null;
}
