using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Account;

/// <summary>Two-factor sign-in with an authenticator app (TOTP, Identity's authenticator token provider): setup and the code step.</summary>
[Route("konto")]
public sealed class TwoFactorController(
    SignInManager<StaffUser> signInManager,
    SignInThrottle throttle,
    AuditTrail audit,
    TwoFactorRequirement requirement,
    ILogger<TwoFactorController> logger) : Controller
{
    public const string SignedInAction = "Inloggning med tvåstegsverifiering";
    public const string WrongCodeAction = "Fel engångskod";
    public const string EnabledAction = "Tvåstegsverifiering aktiverad";
    public const string DisabledAction = "Tvåstegsverifiering avstängd";
    public const string NewCodesAction = "Nya reservkoder";
    public const string WrongCode = "Koden stämmer inte. Skriv de sex siffrorna som appen visar just nu, eller en oanvänd reservkod.";
    public const string WrongSetupCode = "Koden stämmer inte. Skriv de sex siffrorna som appen visar just nu för Närvaro.";
    public const string RequiredByPolicy = "Din huvudman kräver tvåstegsverifiering för din roll, så den kan inte stängas av.";
    private const string RecoveryCodesKey = "Reservkoder";
    private const string NoticeKey = "Bekraftelse";

    private const string StatusView = "~/Features/Account/TwoFactor.cshtml";
    private const string SetupView = "~/Features/Account/TwoFactorSetup.cshtml";
    private const string CodeView = "~/Features/Account/TwoFactorCode.cshtml";

    private UserManager<StaffUser> Users => signInManager.UserManager;

    [HttpGet("tvastegsverifiering")]
    public async Task<IActionResult> Index()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        await audit.RecordAsync(user.Id, "Visade tvåstegsverifiering");
        return View(StatusView, new TwoFactorViewModel(
            user.TwoFactorEnabled,
            await requirement.AppliesToAsync(user.Id),
            user.TwoFactorEnabled ? await Users.CountRecoveryCodesAsync(user) : 0,
            TempData[RecoveryCodesKey] as string[] ?? [],
            TempData[NoticeKey] as string,
            TempData["Fel"] as string));
    }

    [HttpGet("tvastegsverifiering/aktivera")]
    public async Task<IActionResult> Enable() => await SetupPage(new TwoFactorCodeInputModel());

    [HttpPost("tvastegsverifiering/aktivera")]
    public async Task<IActionResult> Enable(TwoFactorCodeInputModel input)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (!ModelState.IsValid) return await SetupPage(input);
        var code = Normalise(input.Code);
        if (!await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await audit.RecordAsync(user.Id, WrongCodeAction, details: "vid aktivering");
            ModelState.AddModelError(nameof(input.Code), WrongSetupCode);
            return await SetupPage(input);
        }
        await Users.SetTwoFactorEnabledAsync(user, true);
        TempData[RecoveryCodesKey] = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToArray();
        TempData[NoticeKey] = "Tvåstegsverifiering är aktiverad. Spara reservkoderna nedan.";
        await audit.RecordAsync(user.Id, EnabledAction);
        // The security stamp changed: renew this session's cookie so it stays valid.
        await signInManager.RefreshSignInAsync(user);
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("tvastegsverifiering/stang-av")]
    public async Task<IActionResult> Disable()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        if (await requirement.AppliesToAsync(user.Id))
        {
            TempData["Fel"] = RequiredByPolicy;
            return RedirectToAction(nameof(Index));
        }
        await Users.SetTwoFactorEnabledAsync(user, false);
        await Users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(user.Id, DisabledAction);
        await signInManager.RefreshSignInAsync(user);
        TempData[NoticeKey] = "Tvåstegsverifiering är avstängd.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("tvastegsverifiering/nya-reservkoder")]
    public async Task<IActionResult> NewRecoveryCodes()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null || !user.TwoFactorEnabled) return NotFound();
        TempData[RecoveryCodesKey] = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToArray();
        TempData[NoticeKey] = "Nya reservkoder är skapade; de gamla gäller inte längre.";
        await audit.RecordAsync(user.Id, NewCodesAction);
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("logga-in/kod"), AllowAnonymous]
    public async Task<IActionResult> Code(string? returnUrl)
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToAction("Login", "Account");
        return View(CodeView, new TwoFactorSignInInputModel { ReturnUrl = returnUrl });
    }

    [HttpPost("logga-in/kod"), AllowAnonymous]
    public async Task<IActionResult> Code(TwoFactorSignInInputModel input)
    {
        input.ReturnUrl = !string.IsNullOrEmpty(input.ReturnUrl) && Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/";
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToAction("Login", "Account");
        if (!ModelState.IsValid) return View(CodeView, input);

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var refusal = throttle.TryAcquire(address, user.Email ?? user.Id);
        if (refusal != SignInRefusal.None)
        {
            await audit.RecordAsync(user.Id, AccountController.ThrottledAction, details: $"engångskod; från {address ?? "okänd adress"}");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError(nameof(input.Code), refusal == SignInRefusal.Address ? AccountController.TooManyFromAddress : AccountController.TooManyForAccount);
            return View(CodeView, input);
        }

        var code = Normalise(input.Code);
        var isRecoveryCode = !code.All(char.IsAsciiDigit);
        var result = isRecoveryCode
            ? await signInManager.TwoFactorRecoveryCodeSignInAsync(code)
            : await signInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with a second factor.", user.Id);
            await audit.RecordAsync(user.Id, SignedInAction, details: $"{(isRecoveryCode ? "reservkod" : "engångskod")}; från {address ?? "okänd adress"}");
            return LocalRedirect(input.ReturnUrl);
        }
        await audit.RecordAsync(user.Id, WrongCodeAction, details: $"{(result.IsLockedOut ? "kontot låst" : isRecoveryCode ? "reservkod" : "engångskod")}; från {address ?? "okänd adress"}");
        ModelState.AddModelError(nameof(input.Code), result.IsLockedOut ? AccountController.LockedOut : WrongCode);
        return View(CodeView, input);
    }

    private async Task<IActionResult> SetupPage(TwoFactorCodeInputModel input)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        var key = await Users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await Users.ResetAuthenticatorKeyAsync(user);
            await signInManager.RefreshSignInAsync(user);
            key = await Users.GetAuthenticatorKeyAsync(user);
        }
        var uri = $"otpauth://totp/{UrlEncoder.Default.Encode("Närvaro")}:{UrlEncoder.Default.Encode(user.Email ?? user.UserName ?? "")}" +
                  $"?secret={key}&issuer={UrlEncoder.Default.Encode("Närvaro")}&digits=6";
        return View(SetupView, new TwoFactorSetupViewModel(TwoFactorSetupViewModel.Group(key!), uri, input));
    }

    private static string Normalise(string code) => code.Replace(" ", "").Trim();
}
