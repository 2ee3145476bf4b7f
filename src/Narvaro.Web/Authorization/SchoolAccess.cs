using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Web.Authorization;

/// <summary>School access of the user of the current request (see <see cref="ISchoolAccess"/>).</summary>
public sealed class SchoolAccess(NarvaroDbContext db, IHttpContextAccessor httpContextAccessor) : ISchoolAccess
{
    private ClaimsPrincipal User => httpContextAccessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool SeesWholeOrganisation => SeesWholeOrganisationFor(User);

    public IQueryable<School> VisibleSchools() => VisibleSchools(db, User);

    public IQueryable<School> SchoolsWhere(params string[] roles) =>
        UserId(User) is { } userId ? StaffAccess.SchoolsWhere(db, userId, roles) : db.Schools.Where(_ => false);

    public async Task<IReadOnlyList<int>> VisibleSchoolIdsAsync(CancellationToken cancellationToken = default) =>
        await VisibleSchools().Select(s => s.Id).ToListAsync(cancellationToken);

    public Task<bool> CanSeeSchoolAsync(int schoolId, CancellationToken cancellationToken = default) =>
        VisibleSchools().AnyAsync(s => s.Id == schoolId, cancellationToken);

    public static bool SeesWholeOrganisationFor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(StaffRoles.Skolchef) || user.IsInRole(StaffRoles.Admin));

    /// <summary>The rule itself, for any principal: the schools of the user's assignments.</summary>
    public static IQueryable<School> VisibleSchools(NarvaroDbContext db, ClaimsPrincipal user) =>
        UserId(user) is { } userId ? StaffAccess.SchoolsOf(db, userId) : db.Schools.Where(_ => false);

    private static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
