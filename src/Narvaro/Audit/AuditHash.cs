using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Narvaro.Domain;

namespace Narvaro.Audit;

/// <summary>
/// The hash of an audit entry: lower-case hex SHA-256 over the UTF-8 bytes of its canonical form, a JSON array
/// <c>[At, UserId, Action, PupilId, SchoolId, Details, PreviousHash]</c> where At is the UTC time in the round-trip
/// ("O") format with a trailing Z, ids are JSON numbers and absent values are <c>null</c>
/// (see docs/admin-policy-and-log.md).
/// </summary>
public static class AuditHash
{
    public static string Canonical(AuditEntry entry)
    {
        var at = DateTime.SpecifyKind(entry.At, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
        object?[] fields = [at, entry.UserId, entry.Action, entry.PupilId, entry.SchoolId, entry.Details, entry.PreviousHash];
        return JsonSerializer.Serialize(fields);
    }

    public static string Compute(AuditEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry))));

    /// <summary>The time kept for an entry: whole milliseconds, so it reads back exactly from either provider.</summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
