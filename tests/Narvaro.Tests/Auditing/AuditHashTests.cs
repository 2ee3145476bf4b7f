using Narvaro.Audit;
using Narvaro.Domain;

namespace Narvaro.Tests.Auditing;

public class AuditHashTests
{
    [Fact]
    public void Canonical_AllFields_IsJsonArrayInDocumentedOrder()
    {
        var entry = new AuditEntry
        {
            At = new DateTime(2026, 12, 5, 12, 30, 15, 123, DateTimeKind.Unspecified),
            UserId = "u1", Action = "Visa elev", PupilId = 7, SchoolId = 2, Details = "a;\"b\"", PreviousHash = "ab",
        };

        Assert.Equal("[\"2026-12-05T12:30:15.1230000Z\",\"u1\",\"Visa elev\",7,2,\"a;\\u0022b\\u0022\",\"ab\"]", AuditHash.Canonical(entry));
    }

    [Fact]
    public void Canonical_NullFields_AreJsonNull()
    {
        var entry = new AuditEntry { At = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), Action = "x" };

        Assert.Equal("[\"2026-01-02T00:00:00.0000000Z\",null,\"x\",null,null,null,null]", AuditHash.Canonical(entry));
    }

    [Fact]
    public void Compute_IsLowerHexSha256OfCanonical()
    {
        var entry = new AuditEntry { At = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), Action = "x" };
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(AuditHash.Canonical(entry))));

        Assert.Equal(expected, AuditHash.Compute(entry));
        Assert.Matches("^[0-9a-f]{64}$", AuditHash.Compute(entry));
    }

    [Fact]
    public void Compute_ChangedDetails_ChangesHash()
    {
        var a = new AuditEntry { At = DateTime.UtcNow, Action = "x", Details = "1" };
        var b = new AuditEntry { At = a.At, Action = "x", Details = "2" };

        Assert.NotEqual(AuditHash.Compute(a), AuditHash.Compute(b));
    }
}
