using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Documents;
using Narvaro.StudentHealth;
using Narvaro.Web.Infrastructure;

namespace Narvaro.Web.Features.Kartlaggning;

/// <summary>
/// Bilaga 2, the skolsocial kartläggning of a case (step 4): the EHT and the rector of the school read and record it and
/// download it blank, prefilled or as recorded. Its answers are elevhälsa secrets: the mentor, like anyone else, gets
/// 404 on every URL here.
/// </summary>
[Route("arende/{id:int}/kartlaggning")]
public sealed class KartlaggningController(KartlaggningService kartlaggning) : Controller
{
    private const string SavedKey = "Kartlaggning.Saved";
    private const string TaskDoneKey = "Kartlaggning.TaskDone";

    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken)
    {
        var overview = await kartlaggning.OverviewAsync(id, UserId, cancellationToken);
        if (overview is null) return NotFound();
        return View(new KartlaggningPageViewModel(overview, KartlaggningInputModel.For(overview, UserId), UserId, UserName,
            TempData[SavedKey] as int?, TempData[TaskDoneKey] as bool? ?? false));
    }

    [HttpPost("")]
    public async Task<IActionResult> Record(int id, KartlaggningInputModel input, CancellationToken cancellationToken)
    {
        if (!await kartlaggning.MayReadAsync(id, UserId, cancellationToken)) return NotFound();
        try
        {
            var saved = await kartlaggning.RecordAsync(id, UserId, input.ToSubmission(), cancellationToken);
            if (saved is null) return NotFound();
            TempData[SavedKey] = saved.Version;
            TempData[TaskDoneKey] = saved.TaskCompleted;
            return RedirectToAction(nameof(Index), new { id });
        }
        catch (KartlaggningException e)
        {
            foreach (var error in e.Errors)
                ModelState.AddModelError(error.Field, error.Message);
        }
        var overview = await kartlaggning.OverviewAsync(id, UserId, cancellationToken);
        if (overview is null) return NotFound();
        // What was typed stays; saving again builds on the version now shown in the versions table.
        input.BasedOnVersion = overview.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return View(nameof(Index), new KartlaggningPageViewModel(overview, input, UserId, UserName, null, false));
    }

    [HttpGet("blank.pdf")]
    public async Task<IActionResult> Blank(int id, CancellationToken cancellationToken) =>
        Attachment(await kartlaggning.RenderBlankAsync(id, UserId, cancellationToken));

    [HttpGet("ifylld.pdf")]
    public async Task<IActionResult> Prefilled(int id, CancellationToken cancellationToken) =>
        Attachment(await kartlaggning.RenderPrefilledAsync(id, UserId, cancellationToken));

    [HttpGet("{version:int}.pdf")]
    public async Task<IActionResult> Version(int id, int version, CancellationToken cancellationToken) =>
        Attachment(await kartlaggning.RenderVersionAsync(id, version, UserId, cancellationToken));

    private IActionResult Attachment(RenderedDocument? file)
    {
        if (file is null) return NotFound();
        // Elevhälsa secrets must not stay in shared or browser caches.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        return File(file.Content, RenderedDocument.PdfContentType, file.FileName);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user has no id claim.");

    private string UserName => User.DisplayName();
}
