using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Domain;
using Narvaro.StudentHealth;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.Eht;

/// <summary>
/// EHT (/eht): for the school's elevhälsa and its rector, the agenda of the next EHT meeting, the cases at step 4 or
/// higher and the kartläggningar; the rector sets the meeting dates; an evaluation (S4-EHT) is recorded per case on
/// /eht/utvardering/{caseId}. A school or case out of the user's reach answers 404; every view and change is audited.
/// </summary>
[Authorize(Policy = Policies.Eht)]
[Route("eht")]
public sealed class EhtController(EhtService eht, AuditTrail audit) : Controller
{
    public const string ConfirmationKey = "Eht.Bekraftelse";
    public const string ViewedAction = "EHT visad";
    public const string EvaluationViewedAction = "EHT-utvärdering visad";
    public const string EvaluationRecordedAction = "EHT-utvärdering registrerad";
    public const string MeetingAddedAction = "EHT-möte tillagt";
    public const string MeetingRemovedAction = "EHT-möte borttaget";

    [HttpGet("")]
    public Task<IActionResult> Index([FromQuery(Name = "skola")] int? schoolId, CancellationToken cancellationToken) =>
        OverviewAsync(schoolId, new MeetingInputModel(), cancellationToken);

    [HttpPost("moten")]
    public async Task<IActionResult> AddMeeting(MeetingInputModel input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                await eht.AddMeetingAsync(UserId, input.School, input.Date!.Value, cancellationToken);
                await audit.RecordAsync(UserId, MeetingAddedAction, schoolId: input.School, details: Iso(input.Date.Value), cancellationToken: cancellationToken);
                return Confirmed($"EHT-mötet {SwedishDates.Date(input.Date.Value)} är inlagt.", EhtViewModel.Link(input.School) + "#moten");
            }
            catch (EhtForbiddenException)
            {
                return await NotFoundOr(input.School, Forbid(), cancellationToken);
            }
            catch (EhtActionException e)
            {
                ModelState.AddModelError(nameof(MeetingInputModel.Date), e.Message);
            }
        }
        return await OverviewAsync(input.School, input, cancellationToken);
    }

    [HttpPost("moten/{id:int}/ta-bort")]
    public async Task<IActionResult> RemoveMeeting(int id, [FromForm(Name = "School")] int schoolId, CancellationToken cancellationToken)
    {
        try
        {
            var on = await eht.RemoveMeetingAsync(UserId, schoolId, id, cancellationToken);
            await audit.RecordAsync(UserId, MeetingRemovedAction, schoolId: schoolId, details: Iso(on), cancellationToken: cancellationToken);
            return Confirmed($"EHT-mötet {SwedishDates.Date(on)} är borttaget.", EhtViewModel.Link(schoolId) + "#moten");
        }
        catch (EhtForbiddenException)
        {
            return await NotFoundOr(schoolId, Forbid(), cancellationToken);
        }
        catch (EhtActionException e)
        {
            ModelState.AddModelError("", e.Message);
            return await OverviewAsync(schoolId, new MeetingInputModel(), cancellationToken);
        }
    }

    [HttpGet("utvardering/{caseId:int}")]
    public async Task<IActionResult> Evaluation(int caseId, CancellationToken cancellationToken)
    {
        var page = await eht.CasePageAsync(UserId, caseId, cancellationToken);
        if (page is null) return NotFound();
        return await EvaluationPageAsync(page, new EvaluationInputModel { On = page.Today, Version = page.Version }, cancellationToken);
    }

    [HttpPost("utvardering/{caseId:int}")]
    public async Task<IActionResult> Evaluation(int caseId, EvaluationInputModel input, CancellationToken cancellationToken)
    {
        var page = await eht.CasePageAsync(UserId, caseId, cancellationToken);
        if (page is null) return NotFound();
        if (page.RefusalReason is { } reason) ModelState.AddModelError("", reason);
        else if (ModelState.IsValid)
        {
            try
            {
                await eht.RecordEvaluationAsync(UserId, caseId, input.ToInput(), cancellationToken);
                await audit.RecordAsync(UserId, EvaluationRecordedAction, page.Case.PupilId, page.SchoolId,
                    $"Ärende {caseId.ToString(CultureInfo.InvariantCulture)}, {Iso(input.On!.Value)}", cancellationToken);
                // Back to the school's agenda; a case reached through a task given by name at another school stays on its page.
                var ownSchool = (await eht.SchoolsAsync(UserId, cancellationToken)).Any(s => s.Id == page.SchoolId);
                return Confirmed($"EHT-utvärderingen av ärendet för {page.Case.PupilName} är registrerad.",
                    ownSchool ? EhtViewModel.Link(page.SchoolId) : EhtViewModel.EvaluationLink(caseId));
            }
            catch (EhtActionException e)
            {
                ModelState.AddModelError(e.Field?.ToString() ?? "", e.Message);
            }
        }
        return await EvaluationPageAsync(page, input, cancellationToken);
    }

    private async Task<IActionResult> OverviewAsync(int? schoolId, MeetingInputModel meeting, CancellationToken cancellationToken)
    {
        var overview = await eht.OverviewAsync(UserId, schoolId, cancellationToken);
        if (overview is null) return NotFound();
        await audit.RecordAsync(UserId, ViewedAction, schoolId: overview.School.Id,
            details: $"Dagordning {overview.Agenda.Count}, ärenden {overview.Cases.Count}", cancellationToken: cancellationToken);
        meeting.School = overview.School.Id;
        Response.Headers.CacheControl = "no-store";
        return View("Index", new EhtViewModel(overview, meeting, TempData[ConfirmationKey] as string));
    }

    private async Task<IActionResult> EvaluationPageAsync(EhtCasePage page, EvaluationInputModel input, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(UserId, EvaluationViewedAction, page.Case.PupilId, page.SchoolId,
            $"Ärende {page.Case.CaseId.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return View("Evaluation", new EhtEvaluationViewModel(page, input, TempData[ConfirmationKey] as string));
    }

    /// <summary>A school that is not the user's answers 404, as if it did not exist; their own school <paramref name="otherwise"/>.</summary>
    private async Task<IActionResult> NotFoundOr(int schoolId, IActionResult otherwise, CancellationToken cancellationToken) =>
        (await eht.SchoolsAsync(UserId, cancellationToken)).Any(s => s.Id == schoolId) ? otherwise : NotFound();

    private RedirectResult Confirmed(string message, string url)
    {
        TempData[ConfirmationKey] = message;
        return Redirect(url);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
