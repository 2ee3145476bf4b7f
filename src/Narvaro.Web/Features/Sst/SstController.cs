using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Access;
using Narvaro.StudentHealth;

namespace Narvaro.Web.Features.Sst;

/// <summary>
/// Step 5, the rector's referral to skolsociala teamet: consents, referral, start (six-month clock), booster meeting and
/// closing. The rector of the school changes it; the EHT of the school reads it; the mentor and anyone else get 404.
/// </summary>
[Route("arende/{id:int}/sst")]
public sealed class SstController(SstService sst) : Controller
{
    private const string ConfirmationKey = "Sst.Bekraftelse";

    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken) =>
        await PageAsync(id, new SstInputModel(), TempData[ConfirmationKey] as string, cancellationToken);

    [HttpPost("samtycke-vardnadshavare")]
    public Task<IActionResult> GuardianConsent(int id, SstInputModel input, CancellationToken cancellationToken)
    {
        var on = Date(input.GuardianConsentOn, nameof(input.GuardianConsentOn), "vårdnadshavaren gav sitt samtycke");
        var method = Method(input.GuardianConsentMethod, nameof(input.GuardianConsentMethod));
        return ApplyAsync(id, input, () => sst.RecordGuardianConsentAsync(id, UserId, input.VersionNumber, on, method, cancellationToken), cancellationToken);
    }

    [HttpPost("samtycke-elev")]
    public Task<IActionResult> PupilConsent(int id, SstInputModel input, CancellationToken cancellationToken)
    {
        var on = Date(input.PupilConsentOn, nameof(input.PupilConsentOn), "eleven gav sitt samtycke");
        var method = Method(input.PupilConsentMethod, nameof(input.PupilConsentMethod));
        return ApplyAsync(id, input, () => sst.RecordPupilConsentAsync(id, UserId, input.VersionNumber, on, method, cancellationToken), cancellationToken);
    }

    [HttpPost("remiss")]
    public Task<IActionResult> Refer(int id, SstInputModel input, CancellationToken cancellationToken)
    {
        var on = Date(input.ReferredOn, nameof(input.ReferredOn), "remissen skickades");
        return ApplyAsync(id, input, () => sst.ReferAsync(id, UserId, input.VersionNumber, on, cancellationToken), cancellationToken);
    }

    [HttpPost("start")]
    public Task<IActionResult> Start(int id, SstInputModel input, CancellationToken cancellationToken)
    {
        var on = Date(input.StartedOn, nameof(input.StartedOn), "insatsen startar");
        return ApplyAsync(id, input, () => sst.StartAsync(id, UserId, input.VersionNumber, on, cancellationToken), cancellationToken);
    }

    [HttpPost("booster")]
    public Task<IActionResult> Booster(int id, SstInputModel input, CancellationToken cancellationToken)
    {
        var on = Date(input.BoosterMeetingOn, nameof(input.BoosterMeetingOn), "boosterträffen hålls");
        return ApplyAsync(id, input, () => sst.BookBoosterAsync(id, UserId, input.VersionNumber, on, cancellationToken), cancellationToken);
    }

    [HttpPost("avslut")]
    public Task<IActionResult> Close(int id, SstInputModel input, CancellationToken cancellationToken)
    {
        var on = Date(input.EndedOn, nameof(input.EndedOn), "insatsen avslutades");
        Narvaro.Domain.SstOutcome? outcome = SstInputModel.TryOutcome(input.Outcome, out var o) ? o : null;
        return ApplyAsync(id, input,
            () => sst.CloseAsync(id, UserId, input.VersionNumber, on, input.ClosingEvaluation, outcome, cancellationToken), cancellationToken);
    }

    /// <summary>Only the rector of the school changes anything (others: 404); a refused change re-shows the page with what was typed.</summary>
    private async Task<IActionResult> ApplyAsync(int id, SstInputModel input, Func<Task<string?>> change, CancellationToken cancellationToken)
    {
        if (await sst.AccessAsync(id, UserId, cancellationToken) != CaseAccessLevel.Rector) return NotFound();
        if (ModelState.IsValid)
        {
            try
            {
                var text = await change();
                if (text is null) return NotFound();
                TempData[ConfirmationKey] = text;
                return RedirectToAction(nameof(Index), new { id });
            }
            catch (SstException e)
            {
                ModelState.AddModelError(e.Field == SstField.None ? "" : e.Field.ToString(), e.Message);
            }
        }
        return await PageAsync(id, input, null, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(int id, SstInputModel input, string? confirmation, CancellationToken cancellationToken)
    {
        var overview = await sst.OverviewAsync(id, UserId, cancellationToken);
        return overview is null ? NotFound() : View("Index", new SstPageViewModel(overview, input, confirmation));
    }

    private DateOnly Date(string? text, string field, string when)
    {
        if (string.IsNullOrWhiteSpace(text))
            ModelState.AddModelError(field, $"Ange datum då {when}, till exempel {sst.Today:yyyy-MM-dd}.");
        else if (!SstInputModel.TryDate(text, out var date))
            ModelState.AddModelError(field, $"Datumet finns inte. Skriv datum då {when} som år-månad-dag, till exempel {sst.Today:yyyy-MM-dd}.");
        else
            return date;
        return default;
    }

    private Narvaro.Domain.ConsentMethod Method(string? text, string field)
    {
        if (SstInputModel.TryMethod(text, out var method)) return method;
        ModelState.AddModelError(field, "Välj hur samtycket gavs: på papper, per post eller elektroniskt.");
        return default;
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user has no id claim.");
}
