using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Domain;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.AdminLog;

/// <summary>
/// Logg: the audit log of the admin's huvudman, filtered by a GET form, newest first, with the hash chain's status and
/// a CSV export of the filtered entries. Viewing and exporting are themselves audited.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminLogController(AuditLogQuery log, AuditChain chain, AuditTrail audit) : Controller
{
    public const string ViewedAction = "Logg visad";
    public const string ExportedAction = "Logg exporterad";

    [HttpGet("admin/logg")]
    public async Task<IActionResult> Index([FromQuery] AdminLogFilterInputModel input, CancellationToken cancellationToken)
    {
        var actions = await log.ActionsAsync(UserId, cancellationToken);
        var parsed = input.Parse(actions);
        var page = await log.PageAsync(UserId, parsed.Filter, parsed.Page, cancellationToken);
        var report = await chain.VerifyAsync(cancellationToken);
        await audit.RecordAsync(UserId, ViewedAction,
            details: $"{page.Total} poster, sida {page.Page} av {page.PageCount}{Describe(parsed.Filter)}", cancellationToken: cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return View(new AdminLogViewModel(page, parsed.Filter, input, parsed.Errors, report));
    }

    [HttpGet("admin/logg/csv")]
    public async Task Csv([FromQuery] AdminLogFilterInputModel input, CancellationToken cancellationToken)
    {
        var parsed = input.Parse(await log.ActionsAsync(UserId, cancellationToken));
        await audit.RecordAsync(UserId, ExportedAction, details: "CSV" + Describe(parsed.Filter), cancellationToken: cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"narvaro-logg.csv\"";
        Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024);
        await writer.WriteLineAsync("Post;Tid (UTC);Person;E-post;Händelse;Elev-id;Elev;Skola;Detaljer");
        await foreach (var row in log.StreamAsync(UserId, parsed.Filter, cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(";",
                row.Id.ToString(CultureInfo.InvariantCulture),
                DateTime.SpecifyKind(row.At, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Cell(row.UserName), Cell(row.UserEmail), Cell(row.Action), Cell(row.PupilExternalId), Cell(row.PupilName),
                Cell(row.SchoolName), Cell(row.Details)));
        }
        await writer.FlushAsync(cancellationToken);
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A leading =, +, - or @ would be read as a formula by a spreadsheet.
        if ("=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static string Describe(AuditLogFilter filter)
    {
        if (filter.IsEmpty) return "";
        var parts = new List<string>();
        if (filter.Person is not null) parts.Add($"person \"{filter.Person}\"");
        if (filter.Pupil is not null) parts.Add($"elev \"{filter.Pupil}\"");
        if (filter.Action is not null) parts.Add($"händelse \"{filter.Action}\"");
        if (filter.From is { } from) parts.Add("från " + SwedishDates.Date(from));
        if (filter.To is { } to) parts.Add("till " + SwedishDates.Date(to));
        return ", filter: " + string.Join(", ", parts);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
