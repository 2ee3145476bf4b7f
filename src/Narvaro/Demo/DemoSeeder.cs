using Narvaro.Data;

namespace Narvaro.Demo;

/// <summary>What to generate. Dates default to the 30 school days before today.</summary>
public sealed record DemoSeedOptions
{
    public int Pupils { get; init; } = 600;
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Random seed: the same options give the same data.</summary>
    public int Seed { get; init; } = 20261122;
}

/// <summary>A demo account that can sign in.</summary>
public sealed record DemoLogin(string Email, string Role, string School);

public sealed record DemoSeedResult(
    int Schools, int Classes, int Pupils, int Guardians, int StaffUsers, long AttendanceRows,
    DateOnly From, DateOnly To, IReadOnlyList<DemoLogin> Logins, TimeSpan Elapsed);

/// <summary>Builds the synthetic demo huvudman (PLACEHOLDER signature: implemented by the demo work).</summary>
public sealed class DemoSeeder(NarvaroDbContext db, TimeProvider clock)
{
    /// <summary>The password of every demo account (development only).</summary>
    public const string DemoPassword = "Narvaro-demo-2026!";

    public Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken cancellationToken = default)
        => throw new NotImplementedException($"{db}{clock}{options}");
}
