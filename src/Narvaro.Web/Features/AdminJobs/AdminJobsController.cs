using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Jobs;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.AdminJobs;

/// <summary>
/// Nattkörningar: the latest evaluation runs (counts only: one run covers every huvudman) and Hangfire's recurring jobs
/// with their next run and the last run's state. For an administrator of a huvudman; viewing it is audited.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminJobsController(JobStatusService status, AuditTrail audit) : Controller
{
    public const string ViewedAction = "Nattkörningar visade";

    [HttpGet("admin/jobb")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (await status.AdminOrganisationAsync(UserId, cancellationToken) is null) return NotFound();
        var page = await status.LoadAsync(cancellationToken);
        await audit.RecordAsync(UserId, ViewedAction,
            details: $"{page.Runs.Count} körningar, {page.Hangfire.RecurringJobs.Count} återkommande jobb", cancellationToken: cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return View(new JobStatusViewModel(page));
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
