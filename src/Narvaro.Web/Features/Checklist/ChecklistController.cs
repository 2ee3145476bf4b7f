using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Access;
using Narvaro.Documents;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Checklist;

/// <summary>
/// Bilaga 1 filled in in the browser (step 3, S3-CHECKLIST): the mentor fills it in and saves versions; the rector of
/// the pupil's school reads them ("kopia till rektor"). Anyone else gets 404, as for a pupil that does not exist.
/// </summary>
[Route("elev/{id:int}/checklista")]
public sealed class ChecklistController(ChecklistRecords checklists) : Controller
{
    private const string SavedKey = "Checklist.Saved";
    private const string TaskDoneKey = "Checklist.TaskDone";

    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken)
    {
        var asOf = checklists.DefaultAsOf;
        var overview = await checklists.OverviewAsync(id, UserId, asOf, cancellationToken);
        if (overview is null) return NotFound();
        var saved = TempData[SavedKey] as int?;
        var taskDone = TempData[TaskDoneKey] as bool? ?? false;
        return View(new ChecklistPageViewModel(id, overview, ChecklistInputModel.From(overview.Latest, asOf), checklists.Today, saved, taskDone));
    }

    [HttpPost("")]
    public async Task<IActionResult> Save(int id, ChecklistInputModel input, CancellationToken cancellationToken)
    {
        if (await checklists.AccessAsync(id, UserId, cancellationToken) != PupilAccessLevel.Mentor) return NotFound();
        var asOf = ParseAsOf(input.AsOf) ?? checklists.DefaultAsOf;

        var errors = ChecklistRules.Validate(input.ToSubmission(), checklists.Today, out var entry);
        foreach (var error in errors)
            ModelState.AddModelError(error.Field, error.Message);
        if (entry is null || !ModelState.IsValid)
        {
            var overview = await checklists.OverviewAsync(id, UserId, asOf, cancellationToken);
            if (overview is null) return NotFound();
            input.AsOf = DocumentFormat.Date(asOf);
            return View(nameof(Index), new ChecklistPageViewModel(id, overview, input, checklists.Today, null, false));
        }

        var saved = await checklists.SaveAsync(id, UserId, entry, asOf, cancellationToken);
        if (saved is null) return NotFound();
        TempData[SavedKey] = saved.Version;
        TempData[TaskDoneKey] = saved.TaskCompleted;
        return RedirectToAction(nameof(Index), new { id });
    }

    [HttpGet("{version:int}.pdf")]
    public async Task<IActionResult> Pdf(int id, int version, CancellationToken cancellationToken) =>
        Attachment(await checklists.RenderVersionAsync(id, version, UserId, cancellationToken));

    [HttpGet("blank.pdf")]
    public async Task<IActionResult> Blank(int id, CancellationToken cancellationToken) =>
        Attachment(await checklists.RenderBlankAsync(id, UserId, cancellationToken));

    /// <summary>"Kopia till rektor": the latest checklist of each pupil at the rector's schools.</summary>
    [HttpGet("/checklistor")]
    [Authorize(Policy = Policies.Rektor)]
    public async Task<IActionResult> Latest(CancellationToken cancellationToken) =>
        View(new ChecklistListViewModel(await checklists.LatestForRectorAsync(UserId, cancellationToken)));

    /// <summary>The figures' date the form was shown with; not later than the default (yesterday), else ignored.</summary>
    private DateOnly? ParseAsOf(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && date <= checklists.DefaultAsOf && date >= checklists.DefaultAsOf.AddDays(-31)
            ? date
            : null;

    private IActionResult Attachment(RenderedDocument? file)
    {
        if (file is null) return NotFound();
        // Pupil data must not stay in shared or browser caches.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        return File(file.Content, RenderedDocument.PdfContentType, file.FileName);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user has no id claim.");
}
