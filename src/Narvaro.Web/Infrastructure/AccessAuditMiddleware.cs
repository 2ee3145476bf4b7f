using System.Security.Claims;
using Narvaro.Audit;

namespace Narvaro.Web.Infrastructure;

/// <summary>
/// Audits what the pages themselves do not: a signed-in user's request to a page of pupils' data or administration
/// that was refused (403) or found nothing in their scope (404), and every action (POST) in the Hangfire dashboard.
/// Written in a scope of its own so that nothing the request left unsaved is saved with it.
/// </summary>
public sealed class AccessAuditMiddleware(RequestDelegate next, IServiceScopeFactory scopes)
{
    public const string RefusedAction = "Nekad åtkomst";
    public const string HangfireAction = "Bakgrundsjobb: åtgärd";

    /// <summary>The pages whose refusals are recorded; static files and the error pages are not.</summary>
    public static readonly string[] AuditedPrefixes =
        ["/elev", "/arende", "/uppgift", "/dokument", "/eht", "/admin", "/eskalering", "/checklistor", "/mina-elever",
         "/veckosamtal", "/mina-uppgifter"];

    /// <summary>The cookie scheme answers a refused role with a redirect to /konto/nekad rather than a bare 403.</summary>
    private static bool IsAccessDeniedRedirect(HttpContext context) =>
        context.Response.StatusCode == StatusCodes.Status302Found
        && context.Response.Headers.Location.ToString().Contains("/konto/nekad", StringComparison.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return;
        var path = context.Request.Path;
        var status = context.Response.StatusCode;
        string? action = null, details = null;
        if (path.StartsWithSegments(HangfireSetup.DashboardPath) && HttpMethods.IsPost(context.Request.Method))
        {
            action = HangfireAction;
            details = $"POST {path} (svar {status})";
        }
        else if ((status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound || IsAccessDeniedRedirect(context))
                 && AuditedPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            action = RefusedAction;
            details = $"{context.Request.Method} {path}{context.Request.QueryString}: {(IsAccessDeniedRedirect(context) ? 403 : status)}";
        }
        if (action is null) return;
        await using var scope = scopes.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(userId, action, details: details is { Length: > 2000 } ? details[..2000] : details);
    }
}
