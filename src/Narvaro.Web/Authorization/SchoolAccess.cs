using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Web.Authorization;

/// <summary>School access of the user of the current request (see <see cref="ISchoolAccess"/>).</summary>
public sealed class SchoolAccess(NarvaroDbContext db, IHttpContextAccessor httpContextAccessor) : ISchoolAccess
{
    private ClaimsPrincipal User => httpContextAccessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool SeesWholeOrganisation => SeesWholeOrganisationFor(User);

    public IQueryable<School> VisibleSchools() => VisibleSchools(db, User);

    public async Task<IReadOnlyList<int>> VisibleSchoolIdsAsync(CancellationToken cancellationToken = default) =>
        await VisibleSchools().Select(s => s.Id).ToListAsync(cancellationToken);

    public Task<bool> CanSeeSchoolAsync(int schoolId, CancellationToken cancellationToken = default) =>
        VisibleSchools().AnyAsync(s => s.Id == schoolId, cancellationToken);

    public static bool SeesWholeOrganisationFor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(StaffRoles.Skolchef) || user.IsInRole(StaffRoles.Admin));

    /// <summary>
    /// The rule itself, for any principal. A skolchef or admin belongs to a huvudman through a membership
    /// at any of its schools; in a deployment with a single huvudman one without memberships sees its schools.
    /// </summary>
    public static IQueryable<School> VisibleSchools(NarvaroDbContext db, ClaimsPrincipal user)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null) return db.Schools.Where(_ => false);

        var memberships = db.SchoolMemberships.Where(m => m.UserId == userId);
        if (!SeesWholeOrganisationFor(user))
            return db.Schools.Where(s => memberships.Any(m => m.SchoolId == s.Id));

        return db.Schools.Where(s =>
            memberships.Any(m => m.School!.OrganisationId == s.OrganisationId)
            || (!memberships.Any() && db.Organisations.Count() == 1));
    }
}
