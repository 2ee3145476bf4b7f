using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Authorization;
using Narvaro.Web.Infrastructure;

namespace Narvaro.Web.Features.Home;

/// <summary>The start page: who you are, what you may see, and what comes next for your role.</summary>
public sealed class HomePageService(NarvaroDbContext db, ISchoolAccess schoolAccess)
{
    private static readonly StringComparer SwedishOrder = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: false);

    public async Task<HomeViewModel> BuildAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var displayName = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => u.DisplayName)
            .SingleOrDefaultAsync(cancellationToken);

        var schools = await schoolAccess.VisibleSchools()
            .Select(s => new SchoolSummaryViewModel(s.Id, s.Name, s.SchoolUnitCode, db.Pupils.Count(p => p.SchoolId == s.Id)))
            .ToListAsync(cancellationToken);

        var mentees = userId is null ? 0 : await StaffAccess.Mentees(db, userId).CountAsync(cancellationToken);
        var roles = StaffRoles.All.Where(user.IsInRole).ToList();
        return new HomeViewModel(
            string.IsNullOrWhiteSpace(displayName) ? user.DisplayName() : displayName,
            roles.Select(StaffRoles.DisplayName).ToList(),
            schoolAccess.SeesWholeOrganisation,
            schools.OrderBy(s => s.Name, SwedishOrder).ToList(),
            mentees,
            RoleIntroductions.For(roles));
    }
}
