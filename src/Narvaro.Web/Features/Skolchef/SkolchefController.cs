using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Leadership;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Skolchef;

/// <summary>
/// The skolchef's overview of the huvudman (/skolchef) and the term export per pupil (/skolchef/export). Only a
/// skolchef held over the huvudman (school null) reaches it, and only their own huvudman's figures; anyone else gets 404.
/// </summary>
[Route("skolchef")]
[Authorize(Policy = Policies.Skolchef)]
public sealed class SkolchefController(SkolchefOverviewService overview, TermExport export) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>?manad=YYYY-MM; without it, the last complete month.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery(Name = "manad")] string? month, CancellationToken cancellationToken)
    {
        if (await overview.OrganisationOfAsync(UserId, cancellationToken) is not { } organisationId) return NotFound();
        var chosen = month is null ? overview.DefaultMonth() : overview.ParseMonth(month);
        if (chosen is not { } m)
            return BadRequestPage("Månaden finns inte",
                "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-10, från januari 2000 till innevarande månad. Välj månaden i listan på sidan Översikt.");
        var data = await overview.OverviewAsync(organisationId, m.Year, m.Month, UserId, cancellationToken);
        return View(SkolchefViewModel.From(data, overview.Today));
    }

    /// <summary>?termin=HT2026&amp;format=csv|xlsx: hours per pupil for the term, streamed; audited with the pupils' ids.</summary>
    [HttpGet("export")]
    public async Task<IActionResult> Export([FromQuery(Name = "termin")] string? term, [FromQuery(Name = "format")] string? format,
        CancellationToken cancellationToken)
    {
        if (await overview.OrganisationOfAsync(UserId, cancellationToken) is not { } organisationId) return NotFound();
        if (Term.Parse(term) is not { } t)
            return BadRequestPage("Terminen finns inte",
                "Ange terminen som HT eller VT följt av året, till exempel HT2026 (augusti–december) eller VT2027 (januari–juni). Välj terminen i listan på sidan Översikt.");
        format = format?.Trim().ToLowerInvariant();
        if (format is not ("csv" or "xlsx"))
            return BadRequestPage("Formatet finns inte", "Välj CSV eller Excel (xlsx) med knapparna under Terminsexport på sidan Översikt.");

        // Pupil data must not stay in shared or browser caches.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var fileName = $"franvaro-{t.Code}.{format}";
        Response.Headers.ContentDisposition = $"attachment; filename={fileName}";
        IReadOnlyList<int> ids;
        if (format == "csv")
        {
            Response.ContentType = "text/csv; charset=utf-8";
            ids = await export.WriteCsvAsync(organisationId, t, Response.Body, cancellationToken);
        }
        else
        {
            // The zip's central directory is written synchronously at the end: build it in a temporary file, then stream it.
            Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            await using var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 65536,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            ids = await export.WriteXlsxAsync(organisationId, t, temp, cancellationToken);
            temp.Position = 0;
            Response.ContentLength = temp.Length;
            await temp.CopyToAsync(Response.Body, cancellationToken);
        }
        await export.AuditAsync(UserId, organisationId, t, format, ids, CancellationToken.None);
        return new EmptyResult();
    }

    private ViewResult BadRequestPage(string title, string message)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("~/Features/Error/Index.cshtml", new Error.ErrorViewModel(StatusCodes.Status400BadRequest, title, message));
    }
}
