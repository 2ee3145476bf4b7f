using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Access;

/// <summary>Grants a role: at a school for the school roles, over the huvudman for skolchef and administratör.</summary>
public static class RoleGrants
{
    /// <summary>
    /// Adds the assignment unless the user already holds it (then returns that one). A school role needs
    /// <paramref name="schoolId"/>; an organisation-wide role takes the school's huvudman, or
    /// <paramref name="organisationId"/>. Mentor is refused: it follows from the pupils a mentor is named on.
    /// The caller saves.
    /// </summary>
    public static async Task<RoleAssignment> GrantAsync(NarvaroDbContext db, string userId, string role, int? schoolId,
        int? organisationId, string? grantedBy, DateTime grantedAtUtc, CancellationToken cancellationToken = default)
    {
        if (role == StaffRoles.Mentor)
            throw new ArgumentException("Mentor är ingen behörighet som tilldelas: den följer av elevernas mentor.", nameof(role));
        if (!StaffRoles.All.Contains(role))
            throw new ArgumentException($"Okänd roll: {role}.", nameof(role));

        var wide = StaffRoles.OrganisationWide.Contains(role);
        if (schoolId is { } id)
            organisationId = await db.Schools.Where(s => s.Id == id).Select(s => (int?)s.OrganisationId).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ArgumentException($"Skolan {id} finns inte.", nameof(schoolId));
        else if (!wide)
            throw new ArgumentException($"{StaffRoles.DisplayName(role)} tilldelas vid en skola.", nameof(schoolId));
        if (organisationId is null)
            throw new ArgumentException("Huvudmannen saknas.", nameof(organisationId));
        int? assignedSchool = wide ? null : schoolId;

        var existing = await db.RoleAssignments.FirstOrDefaultAsync(a => a.UserId == userId && a.Role == role
            && a.OrganisationId == organisationId && a.SchoolId == assignedSchool, cancellationToken);
        if (existing is not null) return existing;
        var assignment = new RoleAssignment
        {
            UserId = userId, Role = role, OrganisationId = organisationId.Value, SchoolId = assignedSchool,
            GrantedAt = grantedAtUtc, GrantedBy = grantedBy,
        };
        db.RoleAssignments.Add(assignment);
        return assignment;
    }
}
