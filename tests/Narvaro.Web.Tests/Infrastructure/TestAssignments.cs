using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Web.Tests.Infrastructure;

/// <summary>Role assignments for test staff, as an administrator would make them.</summary>
public static class TestAssignments
{
    /// <summary>
    /// Each school role at each school; skolchef and administratör over the schools' huvudman (or the first one,
    /// created when there is none). Mentor gives no assignment: the test names the user on pupils.
    /// </summary>
    public static async Task GrantAsync(NarvaroDbContext db, string userId, IReadOnlyList<string> roles, IReadOnlyList<int> schoolIds)
    {
        foreach (var role in roles.Where(r => r != StaffRoles.Mentor))
        {
            if (StaffRoles.OrganisationWide.Contains(role) && schoolIds.Count == 0)
            {
                var organisation = await db.Organisations.OrderBy(o => o.Id).FirstOrDefaultAsync()
                    ?? db.Organisations.Add(new Organisation { Name = "Testkommun" }).Entity;
                await db.SaveChangesAsync();
                await RoleGrants.GrantAsync(db, userId, role, null, organisation.Id, "test", DateTime.UtcNow);
            }
            foreach (var schoolId in schoolIds)
                await RoleGrants.GrantAsync(db, userId, role, schoolId, null, "test", DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
    }
}
