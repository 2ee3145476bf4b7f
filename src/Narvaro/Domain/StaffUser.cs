using Microsoft.AspNetCore.Identity;

namespace Narvaro.Domain;

/// <summary>A member of staff who signs in. Roles are Identity roles (see <see cref="StaffRoles"/>).</summary>
public class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public List<SchoolMembership> Schools { get; set; } = [];
}

/// <summary>Which schools a member of staff works at; every page is authorised per role and school.</summary>
public class SchoolMembership
{
    public required string UserId { get; set; }
    public StaffUser? User { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
}
