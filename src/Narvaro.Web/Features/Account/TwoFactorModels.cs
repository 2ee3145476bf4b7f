using System.ComponentModel.DataAnnotations;

namespace Narvaro.Web.Features.Account;

public sealed record TwoFactorViewModel(
    bool Enabled, bool RequiredByPolicy, int RecoveryCodesLeft, IReadOnlyList<string> NewRecoveryCodes, string? Notice, string? Error);

public sealed record TwoFactorSetupViewModel(string GroupedKey, string AuthenticatorUri, TwoFactorCodeInputModel Input)
{
    /// <summary>The address as a QR code for the app's camera.</summary>
    public AuthenticatorQrCode QrCode { get; } = AuthenticatorQrCode.For(AuthenticatorUri);

    /// <summary>The key in groups of four, lower case, as authenticator apps show it.</summary>
    public static string Group(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
}

public sealed class TwoFactorCodeInputModel
{
    [Display(Name = "Kod från appen")]
    [Required(ErrorMessage = "Skriv koden med sex siffror som appen visar.")]
    [StringLength(12, ErrorMessage = "Koden har sex siffror.")]
    public string Code { get; set; } = "";
}

public sealed class TwoFactorSignInInputModel
{
    [Display(Name = "Engångskod eller reservkod")]
    [Required(ErrorMessage = "Skriv koden med sex siffror från appen, eller en reservkod.")]
    [StringLength(20, ErrorMessage = "Koden är för lång. Skriv sex siffror eller en reservkod.")]
    public string Code { get; set; } = "";

    public string? ReturnUrl { get; set; }
}
