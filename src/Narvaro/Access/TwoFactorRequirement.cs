using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Access;

/// <summary>
/// Whether the huvudman's policy (PolicySettings.RequireTwoFactor) demands two-factor sign-in of a person: it applies to
/// Admin, Rektor and the EHT roles (StaffRoles.StudentHealth); mentors and skolchef are not affected.
/// </summary>
public sealed class TwoFactorRequirement(NarvaroDbContext db)
{
    /// <summary>The roles the policy's two-factor requirement applies to.</summary>
    public static readonly IReadOnlyList<string> CoveredRoles = [StaffRoles.Admin, StaffRoles.Rektor, .. StaffRoles.StudentHealth];

    /// <summary>True when a huvudman that requires two-factor sign-in gives the person one of <see cref="CoveredRoles"/>.</summary>
    public async Task<bool> AppliesToAsync(string userId, CancellationToken cancellationToken = default)
    {
        // The person's huvudman is StaffUser.OrganisationId, or the organisation of a covered assignment.
        var ownOrganisation = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleOrDefaultAsync(cancellationToken);
        var covered = await db.RoleAssignments
            .Where(a => a.UserId == userId && CoveredRoles.Contains(a.Role))
            .Select(a => a.OrganisationId)
            .Distinct()
            .ToListAsync(cancellationToken);
        if (covered.Count == 0) return false;
        var organisations = ownOrganisation is { } own ? covered.Append(own).Distinct().ToList() : covered;
        return await db.Organisations.AnyAsync(o => organisations.Contains(o.Id) && o.Policy.RequireTwoFactor, cancellationToken);
    }
}
