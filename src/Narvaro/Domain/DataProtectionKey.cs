namespace Narvaro.Domain;

/// <summary>
/// One ASP.NET Core data-protection key (its XML, encrypted with a certificate when one is configured), stored in the
/// database so every web node signs and reads the same cookies and antiforgery tokens.
/// </summary>
public class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}
