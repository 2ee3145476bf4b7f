using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Narvaro.Domain;

namespace Narvaro.Web.Infrastructure;

/// <summary>Adds the display name to the sign-in cookie so the layout can greet without a query per request.</summary>
public sealed class StaffClaimsPrincipalFactory(
    UserManager<StaffUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(userManager, roleManager, options)
{
    public const string DisplayNameClaim = "narvaro:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}

public static class StaffClaims
{
    /// <summary>The display name from the cookie, or the e-mail address when none is set.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(StaffClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "";
}
