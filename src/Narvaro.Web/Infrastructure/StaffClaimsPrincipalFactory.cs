using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Web.Infrastructure;

/// <summary>
/// The sign-in cookie's claims: the display name (so the layout can greet without a query per request) and the
/// roles the person holds somewhere (<see cref="StaffAccess.RolesAsync"/>), which open the menus and the policies.
/// Which schools and pupils a role reaches is decided per request from the assignments, never from these claims.
/// The claims are made again when the security stamp is validated, so a removed assignment closes the menus too.
/// </summary>
public sealed class StaffClaimsPrincipalFactory(
    UserManager<StaffUser> userManager,
    NarvaroDbContext db,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser>(userManager, options)
{
    public const string DisplayNameClaim = "narvaro:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        foreach (var role in await StaffAccess.RolesAsync(db, user.Id))
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        return identity;
    }
}

public static class StaffClaims
{
    /// <summary>The display name from the cookie, or the e-mail address when none is set.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(StaffClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "";
}
