using Microsoft.AspNetCore.Identity;

namespace Narvaro.Domain;

/// <summary>
/// A member of staff who signs in. What the person may do comes from their <see cref="RoleAssignment"/>s (a role at
/// a school, or at the whole huvudman) and from being a pupil's mentor; Identity's global role table is not used.
/// </summary>
public class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public List<RoleAssignment> Assignments { get; set; } = [];
}
