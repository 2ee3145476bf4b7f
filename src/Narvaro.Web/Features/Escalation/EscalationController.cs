using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Escalation;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Escalation;

/// <summary>
/// Eskaleringskö: every open case of the rector's schools, M cases first, then the most urgent. Filtered by a GET
/// form so a view can be bookmarked; a filter value that cannot be used is named in Swedish and left out.
/// </summary>
[Authorize(Policy = Policies.Rektor)]
public sealed class EscalationController(EscalationQueueService queue, AuditTrail audit) : Controller
{
    public const string ViewedAction = "Eskaleringskö visad";

    [HttpGet("eskalering")]
    public async Task<IActionResult> Index([FromQuery] EscalationFilterInputModel input, CancellationToken cancellationToken)
    {
        var parsed = input.Parse();
        var list = await queue.QueueAsync(UserId, parsed.Filter, parsed.Page, cancellationToken);
        var errors = parsed.Errors.Concat(EscalationFilterInputModel.UnknownOptionErrors(list)).ToList();
        await audit.RecordAsync(UserId, ViewedAction,
            details: $"{list.Total} av {list.OpenCases} öppna ärenden, sida {list.Page} av {list.PageCount}{(list.Filter.IsEmpty ? "" : ", filtrerad")}",
            cancellationToken: cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return View(new EscalationQueueViewModel(list, input, errors));
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
