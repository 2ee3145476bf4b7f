using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Narvaro.Access;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Account;

/// <summary>
/// When the huvudman's policy requires two-factor sign-in for a person's role and they have not set it up, every page
/// except the setup page, sign-in/out and error pages sends them to /konto/tvastegsverifiering. A sign-in through the
/// huvudman's OpenID Connect provider is exempt: its second factor is the provider's responsibility (docs/security.md).
/// </summary>
public sealed class TwoFactorRequirementMiddleware(RequestDelegate next)
{
    public const string SetupPath = "/konto/tvastegsverifiering";
    private static readonly string[] Exempt = [SetupPath, "/konto/logga-in", "/konto/logga-ut", "/konto/nekad", "/fel", "/health", "/signin-oidc"];

    public async Task InvokeAsync(HttpContext context, UserManager<StaffUser> users, TwoFactorRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && !Exempt.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && context.User.FindFirstValue(ClaimTypes.AuthenticationMethod) != OidcSignIn.AuthenticationMethod
            // The principal's roles are rebuilt from the assignments on every request (security stamp validation), so
            // a mentor or skolchef costs no database query here.
            && TwoFactorRequirement.CoveredRoles.Any(context.User.IsInRole)
            && users.GetUserId(context.User) is { } userId
            && await users.FindByIdAsync(userId) is { TwoFactorEnabled: false }
            && await requirement.AppliesToAsync(userId, context.RequestAborted))
        {
            context.Response.Redirect(SetupPath);
            return;
        }
        await next(context);
    }
}
