using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Account;

[Route("konto")]
public sealed class AccountController(
    SignInManager<StaffUser> signInManager,
    UserManager<StaffUser> userManager,
    ILogger<AccountController> logger) : Controller
{
    public const string WrongCredentials = "Fel e-postadress eller lösenord.";
    public const string LockedOut = "Kontot är tillfälligt låst efter för många misslyckade försök. Försök igen om 15 minuter.";

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

        // Accounts created by import have no password and cannot sign in until an admin invites the person.
        var user = await userManager.FindByEmailAsync(input.Email.Trim());
        if (user is not null && await userManager.HasPasswordAsync(user))
        {
            var result = await signInManager.PasswordSignInAsync(user, input.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                logger.LogInformation("User {UserId} signed in.", user.Id);
                return LocalRedirect(input.ReturnUrl);
            }
            if (result.IsLockedOut)
            {
                logger.LogWarning("User {UserId} is locked out.", user.Id);
                ModelState.AddModelError("", LockedOut);
                return View(input);
            }
        }

        ModelState.AddModelError("", WrongCredentials);
        return View(input);
    }

    [HttpPost("logga-ut")]
    public async Task<IActionResult> Logout()
    {
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
