using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Domain;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Documents;

/// <summary>Downloads of the action plan's forms attached to cases, and of the monthly report to the skolchef.</summary>
[Route("dokument")]
public sealed class DocumentsController(DocumentDownloads downloads, TimeProvider clock) : Controller
{
    public const string DamagedHeading = "Dokumentet kan inte visas";
    public const string DamagedText =
        "Det som är sparat för dokumentet stämmer inte med dess kontrollsumma, så det kan ha ändrats efter att det skapades. " +
        "Dokumentet visas därför inte. Kontakta systemförvaltaren och uppge dokumentets nummer i adressen.";

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Download(int id, CancellationToken cancellationToken)
    {
        var opening = await downloads.CaseDocumentAsync(id, User, cancellationToken);
        if (opening.File is { } file) return Attachment(file);
        if (!opening.Refused) return NotFound();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("~/Features/Error/Index.cshtml", new Error.ErrorViewModel(StatusCodes.Status409Conflict, DamagedHeading, DamagedText));
    }

    /// <summary>The monthly reports to the skolchef: the last twelve months, newest first, each a download.</summary>
    [HttpGet("manadsrapporter")]
    [Authorize(Policy = Policies.SchoolLeadership)]
    public IActionResult MonthlyReports() => View(MonthlyReportsViewModel.Before(SwedishTime.Today(clock), months: 12));

    /// <summary>?manad=YYYY-MM; without it, the previous calendar month.</summary>
    [HttpGet("manadsrapport")]
    [Authorize(Policy = Policies.SchoolLeadership)]
    public async Task<IActionResult> MonthlyReport([FromQuery(Name = "manad")] string? month, CancellationToken cancellationToken)
    {
        month ??= SwedishTime.Today(clock).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var file = await downloads.MonthlyReportAsync(month, User, cancellationToken);
        if (file is not null) return Attachment(file);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("~/Features/Error/Index.cshtml", new Error.ErrorViewModel(StatusCodes.Status400BadRequest, "Månaden finns inte",
            "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-10, från januari 2000 till innevarande månad. Välj månaden under Månadsrapporter."));
    }

    private FileContentResult Attachment(DocumentDownload file)
    {
        // Pupil data must not stay in shared or browser caches.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        return File(file.Content, file.ContentType, file.FileName);
    }
}
