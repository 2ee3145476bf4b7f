using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Account;

[Route("konto")]
public sealed class AccountController(
    SignInManager<StaffUser> signInManager,
    UserManager<StaffUser> userManager,
    SignInThrottle throttle,
    AuditTrail audit,
    ILogger<AccountController> logger) : Controller
{
    public const string WrongCredentials = "Fel e-postadress eller lösenord.";
    public const string LockedOut = "Kontot är tillfälligt låst efter för många misslyckade försök. Försök igen om 15 minuter.";
    public const string TooManyFromAddress = "För många inloggningsförsök från den här datorn. Vänta tio minuter och försök igen.";
    public const string TooManyForAccount = "För många inloggningsförsök för kontot från den här datorn. Vänta en kvart och försök igen.";
    public const string SignedInAction = "Inloggning";
    public const string FailedAction = "Misslyckad inloggning";
    public const string ThrottledAction = "Inloggningsförsök stoppat";
    public const string SignedOutAction = "Utloggning";

    /// <summary>
    /// A hash checked when the account is unknown or has no password, so that the answer takes about as long as for a
    /// wrong password and the time does not tell which e-mail addresses have accounts.
    /// </summary>
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), Guid.NewGuid().ToString()));

    [HttpGet("logga-in"), AllowAnonymous]
    public IActionResult Login(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true) return LocalRedirect(SafeReturnUrl(returnUrl));
        return View(new LoginInputModel { ReturnUrl = returnUrl });
    }

    [HttpPost("logga-in"), AllowAnonymous]
    public async Task<IActionResult> Login(LoginInputModel input)
    {
        input.ReturnUrl = SafeReturnUrl(input.ReturnUrl);
        if (!ModelState.IsValid) return View(input);

        var email = input.Email.Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var refusal = throttle.TryAcquire(address, email);
        if (refusal != SignInRefusal.None)
        {
            logger.LogWarning("Sign-in attempt throttled ({Limit}).", refusal);
            await audit.RecordAsync(null, ThrottledAction, details: $"{(refusal == SignInRefusal.Address ? "adress" : "konto")}; från {address ?? "okänd adress"}");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError("", refusal == SignInRefusal.Address ? TooManyFromAddress : TooManyForAccount);
            return View(input);
        }

        // Accounts created by import have no password and cannot sign in until an admin invites the person.
        var user = await userManager.FindByEmailAsync(email);
        if (user is not null && await userManager.HasPasswordAsync(user))
        {
            var result = await signInManager.PasswordSignInAsync(user, input.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                logger.LogInformation("User {UserId} signed in.", user.Id);
                await audit.RecordAsync(user.Id, SignedInAction, details: $"från {address ?? "okänd adress"}");
                return LocalRedirect(input.ReturnUrl);
            }
            if (result.RequiresTwoFactor)
            {
                // The password was right; the sign-in is audited when the code is (TwoFactorController).
                return Redirect($"/konto/logga-in/kod?returnUrl={Uri.EscapeDataString(input.ReturnUrl)}");
            }
            await audit.RecordAsync(user.Id, FailedAction,
                details: $"{(result.IsLockedOut ? "kontot låst" : result.IsNotAllowed ? "kontot avstängt" : "fel lösenord")}; från {address ?? "okänd adress"}");
            if (result.IsLockedOut)
            {
                logger.LogWarning("User {UserId} is locked out.", user.Id);
                ModelState.AddModelError("", LockedOut);
                return View(input);
            }
        }
        else
        {
            userManager.PasswordHasher.VerifyHashedPassword(new StaffUser(), DummyHash.Value, input.Password);
            await audit.RecordAsync(null, FailedAction, details: $"{(user is null ? "okänt konto" : "konto utan lösenord")}; från {address ?? "okänd adress"}");
        }

        ModelState.AddModelError("", WrongCredentials);
        return View(input);
    }

    [HttpPost("logga-ut")]
    public async Task<IActionResult> Logout()
    {
        // A new security stamp ends the session on the server: the cookie, wherever it was copied, is refused at its
        // next request (the stamp is validated on every request).
        if (await userManager.GetUserAsync(User) is { } user)
        {
            await userManager.UpdateSecurityStampAsync(user);
            await audit.RecordAsync(user.Id, SignedOutAction);
        }
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet("nekad"), AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
