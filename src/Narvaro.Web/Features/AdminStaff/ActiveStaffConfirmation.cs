using Microsoft.AspNetCore.Identity;
using Narvaro.Domain;

namespace Narvaro.Web.Features.AdminStaff;

/// <summary>
/// Identity asks this before every sign-in (password, two-factor, external): a deactivated account is "not confirmed",
/// so the sign-in is refused as NotAllowed and the login page answers as for a wrong password.
/// </summary>
public sealed class ActiveStaffConfirmation : IUserConfirmation<StaffUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<StaffUser> manager, StaffUser user) => Task.FromResult(user.IsActive);
}
