namespace Narvaro.Web.Features.Account;

/// <summary>Configuration section "Authentication:Oidc": sign-in through the huvudman's OpenID Connect provider.</summary>
public sealed class OidcSignIn
{
    public const string Section = "Authentication:Oidc";
    public const string Scheme = "oidc";
    public const string AuthenticationMethod = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = "Skolfederation";

    /// <summary>Only for a provider on loopback in tests: metadata over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
