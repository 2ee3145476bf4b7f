namespace Narvaro.Web.Infrastructure;

/// <summary>Configuration section "Database" (the provider itself is read by AddNarvaroDatabase).</summary>
public sealed class DatabaseStartupOptions
{
    public const string Section = "Database";

    /// <summary>Apply migrations before serving. Unset: true for SQLite, false for SQL Server (run `narvaro migrate`).</summary>
    public bool? MigrateOnStartup { get; set; }
}

/// <summary>Configuration section "Demo".</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Generate the demo huvudman when the database has no pupils (appsettings.Development.json only).</summary>
    public bool SeedWhenEmpty { get; set; }
}

/// <summary>Configuration section "DataProtection".</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";
    public const string ApplicationName = "Narvaro";

    /// <summary>Directory of the shared key ring; every web node must point at the same one.</summary>
    public string? KeysPath { get; set; }

    /// <summary>A .pfx whose certificate encrypts the keys at rest; none: the keys are stored unencrypted.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
    /// <summary>Older .pfx files (same password) still able to decrypt keys written before a certificate rotation.</summary>
    public string[] PreviousCertificatePaths { get; set; } = [];

    public System.Security.Cryptography.X509Certificates.X509Certificate2? LoadCertificate() =>
        string.IsNullOrWhiteSpace(CertificatePath) ? null : Load(CertificatePath);

    public IEnumerable<System.Security.Cryptography.X509Certificates.X509Certificate2> LoadDecryptionCertificates()
    {
        if (LoadCertificate() is { } current) yield return current;
        foreach (var path in PreviousCertificatePaths.Where(p => !string.IsNullOrWhiteSpace(p)))
            yield return Load(path);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Load(string path) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword,
            System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.EphemeralKeySet);
}

/// <summary>Configuration section "ReverseProxy".</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Honour X-Forwarded-For and X-Forwarded-Proto from the load balancer.</summary>
    public bool ForwardedHeaders { get; set; }
}
