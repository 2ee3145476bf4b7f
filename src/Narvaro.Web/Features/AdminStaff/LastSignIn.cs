using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;

namespace Narvaro.Web.Features.AdminStaff;

/// <summary>Records StaffUser.LastSignInAtUtc when the sign-in cookie is issued, whichever way the person signed in.</summary>
public static class LastSignIn
{
    public static async Task RecordAsync(CookieSignedInContext context)
    {
        if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId) return;
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<NarvaroDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        // A direct update: the tracked user (if any) keeps its concurrency stamp.
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAtUtc, now), context.HttpContext.RequestAborted);
    }
}
