using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Web.Features.Invitation;

/// <summary>
/// /konto/inbjudan/{token}: the person an administrator invited chooses a password. An unknown, expired, used or revoked
/// link gets one and the same answer ("Länken gäller inte längre", 410), so the page tells a guesser nothing.
/// </summary>
[AllowAnonymous]
[Route("konto/inbjudan")]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class InvitationController(Invitations invitations, UserManager<StaffUser> users, InvitationThrottle throttle, AuditTrail audit) : Controller
{
    public const string ConfirmationKey = "Inloggning.Bekraftelse";
    public const string UsedAction = "Lösenord valt via inbjudan";

    [HttpGet("{token}")]
    public async Task<IActionResult> Show(string token, CancellationToken cancellationToken)
    {
        if (!throttle.TryAcquire(Address)) return TooMany();
        var invitation = await invitations.FindOpenAsync(token, cancellationToken);
        if (invitation?.User is not { } user) return Invalid();
        return View(new ChoosePasswordViewModel(user.DisplayName, user.Email ?? "", token, new ChoosePasswordInputModel()));
    }

    [HttpPost("{token}")]
    public async Task<IActionResult> Choose(string token, [Bind(Prefix = "Input")] ChoosePasswordInputModel input, CancellationToken cancellationToken)
    {
        if (!throttle.TryAcquire(Address)) return TooMany();
        var invitation = await invitations.FindOpenAsync(token, cancellationToken);
        if (invitation?.User is not { } user) return Invalid();
        if (ModelState.IsValid)
            foreach (var validator in users.PasswordValidators)
                foreach (var error in (await validator.ValidateAsync(users, user, input.Password!)).Errors)
                    ModelState.AddModelError("Input." + nameof(input.Password), Swedish(error));
        if (!ModelState.IsValid)
            return View("Show", new ChoosePasswordViewModel(user.DisplayName, user.Email ?? "", token, input));

        // Two requests with the same link (a double click, two tabs): only the one that claims the invitation sets a password.
        var used = await invitations.TryUseAsync(invitation, async () =>
        {
            var result = await users.HasPasswordAsync(user)
                ? await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), input.Password!)
                : await users.AddPasswordAsync(user, input.Password!);
            if (!result.Succeeded)
                throw new InvalidOperationException("Setting a validated password failed: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }, cancellationToken);
        if (!used) return Invalid();
        await audit.RecordAsync(user.Id, UsedAction, details: $"inbjudan {invitation.Id}", cancellationToken: cancellationToken);
        TempData[ConfirmationKey] = "Ditt lösenord är valt. Logga in med din e-postadress och ditt nya lösenord.";
        return Redirect("/konto/logga-in");
    }

    private ViewResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status410Gone;
        return View("Invalid", "Be skolans administratör om en ny inbjudan. En länk gäller en gång och bara en begränsad tid.");
    }

    private ViewResult TooMany()
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return View("Invalid", "För många försök från din dator. Vänta tio minuter och försök igen.");
    }

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private static string Swedish(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "Lösenordet är för kort. Skriv minst 12 tecken, gärna några ord i rad.",
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "Lösenordet har för få olika tecken. Använd minst 4 olika tecken.",
        _ => "Lösenordet duger inte. Välj ett längre lösenord med olika tecken.",
    };
}
