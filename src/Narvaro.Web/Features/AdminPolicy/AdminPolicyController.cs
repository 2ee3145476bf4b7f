using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Escalation;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.AdminPolicy;

/// <summary>
/// Policy: the huvudman's thresholds, window, late-arrival limits, task roles and due days and EHT meeting days, with
/// the history of changes. A change takes effect from the next evaluation; an unchanged save writes nothing.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminPolicyController(PolicyAdministration policies, AuditTrail audit) : Controller
{
    public const string ViewedAction = "Policy visad";

    [HttpGet("admin/policy")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var page = await LoadAsync(cancellationToken);
        if (page is null) return NotFound();
        await audit.RecordAsync(UserId, ViewedAction, details: page.OrganisationName, cancellationToken: cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return View(new PolicyViewModel(page, PolicyInputModel.From(page.Current), [], TempData["Bekraftelse"] as string));
    }

    [HttpPost("admin/policy")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Save(PolicyInputModel input, CancellationToken cancellationToken)
    {
        var organisationId = await policies.AdminOrganisationAsync(UserId, cancellationToken);
        if (organisationId is null) return NotFound();
        var (proposed, errors) = input.Parse();
        if (proposed is not null)
        {
            var result = await policies.SaveAsync(organisationId.Value, UserId, proposed, cancellationToken);
            if (result.Errors.Count == 0)
            {
                TempData["Bekraftelse"] = result.Unchanged
                    ? "Inget ändrades: policyn är densamma som förut."
                    : $"Policyn är sparad. Ändringen gäller från och med {Narvaro.Domain.SwedishDates.Date(result.Change!.EffectiveFrom)}.";
                return Redirect("/admin/policy");
            }
            errors = result.Errors.ToList();
        }
        var page = await policies.LoadAsync(organisationId.Value, cancellationToken);
        return View("Index", new PolicyViewModel(page!, input, errors, null));
    }

    private async Task<PolicyPage?> LoadAsync(CancellationToken cancellationToken) =>
        await policies.AdminOrganisationAsync(UserId, cancellationToken) is { } id ? await policies.LoadAsync(id, cancellationToken) : null;

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
