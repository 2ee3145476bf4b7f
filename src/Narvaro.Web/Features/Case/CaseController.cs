using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Access;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.Case;

/// <summary>
/// The case (/arende/{id}): the rector works in it (gives tasks, records reports, step 7, closes), the EHT completes
/// the tasks that are theirs, the mentor reads it without the elevhälsa's secrets (<see cref="CaseAccess"/>); anyone
/// else, or an unknown id, gets 404. Each form posts on its own and redirects with a confirmation.
/// </summary>
[Route("arende/{id:int}")]
public sealed class CaseController(CaseWorkService work) : Controller
{
    public const string ConfirmationKey = "Arende.Bekraftelse";

    [HttpGet("")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var access = await work.AccessAsync(id, UserId, cancellationToken);
        return access == CaseAccessLevel.None ? NotFound() : await PageAsync(id, access, null, cancellationToken);
    }

    /// <summary>A form's address opened directly (a bookmark, a reload after an error): the case page.</summary>
    [HttpGet("tilldela"), HttpGet("klar"), HttpGet("anmalan"), HttpGet("steg7"), HttpGet("avsluta")]
    public IActionResult FormAddress(int id) => Redirect($"/arende/{id}");

    [HttpPost("tilldela")]
    public Task<IActionResult> Assign(int id, [Bind(Prefix = "Assign")] AssignInputModel input, CancellationToken cancellationToken) =>
        ActAsync(id, CaseAccessLevel.Rector, () => work.AssignAsync(id, input.Version, input.TaskId, input.AssigneeUserId, UserId, cancellationToken),
            () => new CaseViewModel(Current) { Assign = input, PostedTaskId = input.TaskId == 0 ? null : input.TaskId }, cancellationToken);

    [HttpPost("klar")]
    public Task<IActionResult> Complete(int id, [Bind(Prefix = "Complete")] CompleteInputModel input, CancellationToken cancellationToken) =>
        ActAsync(id, CaseAccessLevel.StudentHealth, () => work.CompleteTaskAsync(id, input.TaskId, UserId, input.DoneOn!.Value, input.Note, cancellationToken),
            () => new CaseViewModel(Current) { Complete = input, PostedTaskId = input.TaskId == 0 ? null : input.TaskId }, cancellationToken);

    [HttpPost("anmalan")]
    public Task<IActionResult> Report(int id, [Bind(Prefix = "Report")] ReportInputModel input, CancellationToken cancellationToken) =>
        ActAsync(id, CaseAccessLevel.Rector,
            () => work.RecordReportAsync(id, input.Version, new ReportInput(input.Kind!.Value, input.ReportedOn!.Value, input.Recipient, input.Reference),
                UserId, cancellationToken),
            () => new CaseViewModel(Current) { Report = input }, cancellationToken);

    [HttpPost("steg7")]
    public Task<IActionResult> Concern(int id, [Bind(Prefix = "Concern")] ConcernInputModel input, CancellationToken cancellationToken) =>
        ActAsync(id, CaseAccessLevel.Rector, () => work.RecordConcernAsync(id, input.Version, UserId, cancellationToken),
            () => new CaseViewModel(Current), cancellationToken);

    [HttpPost("avsluta")]
    public Task<IActionResult> Close(int id, [Bind(Prefix = "Close")] CloseInputModel input, CancellationToken cancellationToken) =>
        ActAsync(id, CaseAccessLevel.Rector, () => work.CloseAsync(id, input.Version, input.Note, input.Reason, UserId, cancellationToken),
            () => new CaseViewModel(Current) { Close = input }, cancellationToken);

    /// <summary>The page being re-rendered after a refused change, set by <see cref="ActAsync"/> before the form's model is built.</summary>
    private CasePage Current { get; set; } = null!;

    /// <summary>
    /// One change: 404 without access, 403 below <paramref name="needed"/>; on success a redirect with the confirmation;
    /// otherwise the page as it is now (never a 500), with the Swedish message at the field and in the summary.
    /// </summary>
    private async Task<IActionResult> ActAsync(int id, CaseAccessLevel needed, Func<Task<string>> change, Func<CaseViewModel> failed,
        CancellationToken cancellationToken)
    {
        var access = await work.AccessAsync(id, UserId, cancellationToken);
        if (access == CaseAccessLevel.None) return NotFound();
        if (access < needed) return Forbid();
        ExplainUnreadableDates();
        if (ModelState.IsValid)
        {
            try
            {
                TempData[ConfirmationKey] = await change();
                return Redirect($"/arende/{id}");
            }
            catch (CaseWorkException e)
            {
                ModelState.AddModelError(CaseViewModel.FieldKey(e.Field), e.Message);
            }
        }
        return await PageAsync(id, access, failed, cancellationToken);
    }

    /// <summary>A date the browser sent that could not be read gets a message that says how to write it.</summary>
    private void ExplainUnreadableDates()
    {
        foreach (var key in new[] { "Complete.DoneOn", "Report.ReportedOn" })
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 && !string.IsNullOrWhiteSpace(entry.AttemptedValue))
            {
                entry.Errors.Clear();
                entry.Errors.Add("Datumet kunde inte läsas. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-11-27.");
            }
        }
    }

    private async Task<IActionResult> PageAsync(int id, CaseAccessLevel access, Func<CaseViewModel>? failed, CancellationToken cancellationToken)
    {
        var page = await work.PageAsync(id, UserId, access, cancellationToken);
        if (page is null) return NotFound();
        Current = page;
        Response.Headers.CacheControl = "no-store";
        var model = failed?.Invoke() ?? new CaseViewModel(page) { Confirmation = TempData[ConfirmationKey] as string };
        return View("Show", model);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
