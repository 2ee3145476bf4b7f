using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Domain;
using Narvaro.Staff;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.AdminStaff;

/// <summary>
/// Personal: the staff of the administrator's huvudman, new accounts, role assignments, invitations and deactivation.
/// Everything is scoped by <see cref="StaffAdministration"/>; an account outside the huvudman answers 404.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/personal")]
public sealed class AdminStaffController(StaffAdministration staff, Invitations invitations, AuditTrail audit) : Controller
{
    private const string ConfirmationKey = "Personal.Bekraftelse";
    private const string LinkKey = "Personal.Lank";
    private const string ErrorKey = "Personal.Fel";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery(Name = "sok")] string? search, [FromQuery(Name = "skola")] int? schoolId,
        [FromQuery(Name = "roll")] string? role, [FromQuery(Name = "sida")] int? page, CancellationToken cancellationToken)
    {
        var filter = new StaffFilter(search, schoolId, StaffRoles.All.Contains(role ?? "") ? role : null);
        var list = await staff.ListAsync(UserId, filter, page ?? 1, cancellationToken);
        await audit.RecordAsync(UserId, "Personal visad", details: $"{list.Total} medarbetare, sida {list.Page} av {list.PageCount}", cancellationToken: cancellationToken);
        return View(new StaffListViewModel(list, filter, await staff.SchoolsAsync(UserId, cancellationToken), TempData[ConfirmationKey] as string));
    }

    [HttpGet("ny")]
    public IActionResult New() => View(new NewStaffInputModel());

    [HttpPost("ny")]
    public async Task<IActionResult> New(NewStaffInputModel input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return View(input);
        var result = await staff.CreateAsync(UserId, input.DisplayName!, input.Email!, cancellationToken);
        if (result.Outcome == StaffAdminOutcome.NotFound) return NotFound();
        if (result.Outcome == StaffAdminOutcome.Refused)
        {
            ModelState.AddModelError(nameof(input.Email), result.Message!);
            return View(input);
        }
        await audit.RecordAsync(UserId, "Medarbetare skapad", details: $"{result.Value}: {input.DisplayName} <{input.Email}>", cancellationToken: cancellationToken);
        TempData[ConfirmationKey] = $"{input.DisplayName!.Trim()} har fått ett konto. Ge en roll och skicka en inbjudan.";
        return RedirectToAction(nameof(Show), new { id = result.Value });
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken)
    {
        var details = await staff.DetailsAsync(UserId, id, cancellationToken);
        if (details is null) return NotFound();
        await audit.RecordAsync(UserId, "Medarbetare visad", details: id, cancellationToken: cancellationToken);
        return View(new StaffDetailsViewModel(details, await staff.SchoolsAsync(UserId, cancellationToken), TempData[ConfirmationKey] as string,
            TempData[LinkKey] as string, TempData[ErrorKey] as string, id == UserId));
    }

    [HttpPost("{id}/roller")]
    public async Task<IActionResult> Grant(string id, GrantInputModel input, CancellationToken cancellationToken)
    {
        var result = await staff.GrantAsync(UserId, id, input.Role ?? "", input.SchoolId, cancellationToken);
        return await Done(result, id, "Roll tilldelad", $"{id}: {input.Role} vid {input.SchoolId?.ToString() ?? "huvudmannen"}",
            $"Rollen {StaffRoles.DisplayName(input.Role ?? "").ToLowerInvariant()} är tilldelad.", cancellationToken);
    }

    [HttpPost("{id}/roller/{assignmentId:int}/ta-bort")]
    public async Task<IActionResult> Revoke(string id, int assignmentId, CancellationToken cancellationToken)
    {
        var result = await staff.RevokeAsync(UserId, id, assignmentId, cancellationToken);
        var role = result.Value is { } a ? StaffRoles.DisplayName(a.Role).ToLowerInvariant() : "";
        return await Done(result, id, "Roll borttagen", $"{id}: {result.Value?.Role} vid {result.Value?.SchoolId?.ToString() ?? "huvudmannen"}",
            $"Rollen {role} är borttagen.", cancellationToken);
    }

    [HttpPost("{id}/inbjudan")]
    public async Task<IActionResult> Invite(string id, CancellationToken cancellationToken)
    {
        var user = await staff.FindAsync(UserId, id, cancellationToken);
        if (user is null) return NotFound();
        if (!user.IsActive)
            return await Done(StaffAdminResult.Refused("Kontot är inaktiverat. Aktivera det först om personen ska få en inbjudan."), id, "", "", "", cancellationToken);
        var sent = await invitations.CreateAsync(user, UserId, cancellationToken);
        await audit.RecordAsync(UserId, "Inbjudan skickad", details: $"{id}: {(sent.Emailed ? "e-post" : "länk visad")}", cancellationToken: cancellationToken);
        var expires = SwedishDates.Short(sent.ExpiresAtUtc);
        if (sent.Emailed)
            TempData[ConfirmationKey] = $"Inbjudan är skickad till {user.Email}. Länken gäller till {expires}.";
        else
        {
            TempData[ConfirmationKey] = $"Inbjudan är skapad. Länken gäller till {expires} och visas bara nu: ge den till {user.DisplayName}.";
            TempData[LinkKey] = $"{Request.Scheme}://{Request.Host}{sent.Link}";
        }
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/inaktivera")]
    public async Task<IActionResult> Deactivate(string id, CancellationToken cancellationToken) =>
        await Done(await staff.DeactivateAsync(UserId, id, cancellationToken), id, "Konto inaktiverat", id,
            "Kontot är inaktiverat. Personen är utloggad och kan inte logga in.", cancellationToken);

    [HttpPost("{id}/aktivera")]
    public async Task<IActionResult> Reactivate(string id, CancellationToken cancellationToken) =>
        await Done(await staff.ReactivateAsync(UserId, id, cancellationToken), id, "Konto aktiverat", id,
            "Kontot är aktivt igen.", cancellationToken);

    private async Task<IActionResult> Done(StaffAdminResult result, string id, string action, string details, string confirmation,
        CancellationToken cancellationToken)
    {
        if (result.Outcome == StaffAdminOutcome.NotFound) return NotFound();
        if (result.Outcome == StaffAdminOutcome.Refused)
            TempData[ErrorKey] = result.Message;
        else
        {
            await audit.RecordAsync(UserId, action, details: details, cancellationToken: cancellationToken);
            TempData[ConfirmationKey] = confirmation;
        }
        return RedirectToAction(nameof(Show), new { id });
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
