namespace Narvaro.Domain;

/// <summary>
/// Access granted to one member of staff: one role at one school, or (skolchef, administratör) at the whole huvudman.
/// Made by an administrator (or by the demo and the migration that replaced school memberships); an import never
/// makes one. The mentor relation is not an assignment: it is per pupil (<see cref="Pupil.MentorId"/>).
/// </summary>
public class RoleAssignment
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public StaffUser? User { get; set; }
    /// <summary>One of <see cref="StaffRoles.All"/> except <see cref="StaffRoles.Mentor"/>.</summary>
    public required string Role { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    /// <summary>The school; null for a role over the whole huvudman (<see cref="StaffRoles.OrganisationWide"/>).</summary>
    public int? SchoolId { get; set; }
    public School? School { get; set; }
    /// <summary>UTC.</summary>
    public DateTime GrantedAt { get; set; }
    /// <summary>Who granted it: a user id, or a word such as "demo" or "migrering".</summary>
    public string? GrantedBy { get; set; }
}
