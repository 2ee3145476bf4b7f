using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Narvaro.Audit;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Account;

/// <summary>
/// Sign-in through the huvudman's OpenID Connect provider: the provider's verified e-mail address picks an existing,
/// active (invited) account, which then gets the ordinary application cookie.
/// </summary>
[Route("konto/logga-in/oidc")]
public sealed class OidcController(
    SignInManager<StaffUser> signInManager,
    IOptions<OidcSignIn> options,
    AuditTrail audit,
    ILogger<OidcController> logger) : Controller
{
    public const string SignedInAction = "Inloggning via OpenID Connect";
    public const string RefusedAction = "Misslyckad inloggning via OpenID Connect";
    public const string Refused = "Inloggningen godtogs inte: det finns inget aktivt konto i Närvaro för din verifierade e-postadress. Be skolans administratör om en inbjudan.";

    [HttpPost(""), AllowAnonymous]
    public IActionResult Start(string? returnUrl)
    {
        if (!options.Value.Enabled) return NotFound();
        var back = Url.Action(nameof(Callback), new { returnUrl = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/" });
        return Challenge(new AuthenticationProperties { RedirectUri = back }, OidcSignIn.Scheme);
    }

    [HttpGet("svar"), AllowAnonymous]
    public async Task<IActionResult> Callback(string? returnUrl)
    {
        if (!options.Value.Enabled) return NotFound();
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var principal = external.Principal;
        var email = principal?.FindFirstValue("email") ?? principal?.FindFirstValue(ClaimTypes.Email);
        var verified = string.Equals(principal?.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        var user = verified && !string.IsNullOrWhiteSpace(email) ? await signInManager.UserManager.FindByEmailAsync(email) : null;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();

        if (user is null || user.DeactivatedAtUtc is not null || await signInManager.UserManager.IsLockedOutAsync(user))
        {
            var why = !external.Succeeded ? "ingen inloggning från leverantören"
                : !verified ? "e-postadressen är inte verifierad"
                : user is null ? "okänt konto" : "kontot avstängt eller låst";
            logger.LogWarning("OIDC sign-in refused: {Reason}.", why);
            await audit.RecordAsync(user?.Id, RefusedAction, details: $"{why}; från {address ?? "okänd adress"}");
            TempData["OidcFel"] = Refused;
            return RedirectToAction("Login", "Account");
        }

        // The provider answers for the second factor (docs/security.md); the cookie says how the person signed in.
        await signInManager.SignInAsync(user, isPersistent: false, authenticationMethod: OidcSignIn.AuthenticationMethod);
        await audit.RecordAsync(user.Id, SignedInAction, details: $"{options.Value.DisplayName}; från {address ?? "okänd adress"}");
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
