using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Narvaro.Domain;
using Narvaro.Jobs;
using Narvaro.Ss12000;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Ss12000;

/// <summary>The configured SS 12000 sources and "Hämta nu", which starts an import in the background.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/ss12000")]
public sealed class Ss12000Controller(IOptions<Ss12000Options> options, IBackgroundJobClient jobs, TimeProvider clock, Audit.AuditTrail audit) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(BuildModel(DefaultInput()));

    [HttpPost("hamta")]
    public async Task<IActionResult> Fetch(Ss12000FetchInputModel input)
    {
        if (input.To < input.From)
            ModelState.AddModelError(nameof(input.To), "Slutdatum får inte vara före startdatum.");
        if (input.Source is not null && options.Value.Sources.All(s => s.Name != input.Source))
            ModelState.AddModelError(nameof(input.Source), "Källan finns inte.");
        if (options.Value.Sources.Count == 0)
            ModelState.AddModelError("", "Inga SS 12000-källor är konfigurerade.");
        if (!ModelState.IsValid)
            return View(nameof(Index), BuildModel(input));

        jobs.Enqueue<Ss12000ImportJob>(job => job.RunAsync(input.From!.Value, input.To!.Value, input.Source, CancellationToken.None));
        await audit.RecordAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), FetchStartedAction,
            details: $"{input.Source ?? "alla källor"}, {input.From:yyyy-MM-dd} – {input.To:yyyy-MM-dd}");
        TempData[StartedKey] = $"Hämtningen från {(input.Source is null ? "alla källor" : $"\"{input.Source}\"")} för " +
            $"{input.From:yyyy-MM-dd} – {input.To:yyyy-MM-dd} har startats. Den körs i bakgrunden; resultatet syns under Bakgrundsjobb.";
        return RedirectToAction(nameof(Index));
    }

    public const string StartedKey = "Ss12000Started";
    public const string FetchStartedAction = "SS 12000-hämtning startad";

    private Ss12000FetchInputModel DefaultInput()
    {
        var today = SwedishTime.Today(clock);
        return new Ss12000FetchInputModel { From = today.AddDays(-7), To = today.AddDays(-1) };
    }

    private Ss12000ViewModel BuildModel(Ss12000FetchInputModel input) => new(
        options.Value.Sources.Select(s => new Ss12000SourceViewModel(s.Name, s.OrganisationName, s.BaseUrl, s.TokenEndpoint, s.ClientId)).ToList(),
        input,
        TempData[StartedKey] as string);
}
