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
}

/// <summary>Configuration section "ReverseProxy".</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Honour X-Forwarded-For and X-Forwarded-Proto from the load balancer.</summary>
    public bool ForwardedHeaders { get; set; }
}
