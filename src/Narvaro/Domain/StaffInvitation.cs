namespace Narvaro.Domain;

/// <summary>
/// An invitation link an administrator sent a member of staff to set a password: single use and expiring. Only the
/// SHA-256 of the link's token is stored, so the table cannot be used to sign in.
/// </summary>
public class StaffInvitation
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public StaffUser? User { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token in the link; unique.</summary>
    public required string TokenHash { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAtUtc { get; set; }
    public string? CreatedByUserId { get; set; }
    /// <summary>UTC; the link answers "Länken har gått ut" after this.</summary>
    public DateTime ExpiresAtUtc { get; set; }
    /// <summary>UTC; set when the password was chosen. A used link never works again.</summary>
    public DateTime? UsedAtUtc { get; set; }
    /// <summary>UTC; set when a newer invitation replaced it or the account was deactivated.</summary>
    public DateTime? RevokedAtUtc { get; set; }
}
