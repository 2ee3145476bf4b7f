using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;
using Narvaro.Web.Authorization;

namespace Narvaro.Web.Features.WeeklyTalks;

/// <summary>Step 2: the signed-in mentor's weekly talks, one ISO week at a time (default: last week).</summary>
[Route("veckosamtal")]
[Authorize(Policy = Policies.Mentor)]
public sealed class WeeklyTalksController(WeeklyTalkService talks) : Controller
{
    private const string NoticeKey = "WeeklyTalks.Notice";

    public const string BadWeek =
        "Veckan kunde inte läsas. Skriv år och veckonummer som 2026-W47 (veckonummer 1–52, eller 53 de år som har en vecka 53).";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? vecka, int? andra, CancellationToken cancellationToken)
    {
        if (!TryWeek(vecka, out var week)) return BadWeekPage(vecka);
        var list = await talks.WeekAsync(UserId, week, cancellationToken);
        var editing = andra is { } id && list.Pupils.Any(p => p.PupilId == id && p.Logged is not null) ? andra : null;
        return View(Page(week, list, TempData[NoticeKey] as string, editing));
    }

    [HttpPost("{pupilId:int}")]
    public async Task<IActionResult> Save(int pupilId, WeeklyTalkInputModel input, CancellationToken cancellationToken)
    {
        if (!IsoWeek.TryParse(input.Vecka, out var week)) return BadWeekPage(input.Vecka);
        var bindingErrors = ModelState.Where(e => e.Value!.Errors.Count > 0).ToList();
        var result = await talks.SaveAsync(UserId, pupilId,
            week, new WeeklyTalkInput(input.HeldOn, input.WithWhom, input.Note, input.AgreedActions, input.NextFollowUp, input.Version),
            bindingErrors.Count > 0, cancellationToken);
        switch (result)
        {
            case WeeklyTalkSaveResult.NotFound:
                return NotFound();
            case WeeklyTalkSaveResult.Saved saved:
                TempData[NoticeKey] = (saved.Edited ? "Ändringen av veckosamtalet är sparad. Den tidigare versionen finns kvar i historiken." : "Veckosamtalet är loggat.")
                    + (saved.CompletedTasks > 0 ? $" Uppgiften {TaskCatalog.S5Weekly} (uppföljning varje vecka) är markerad som klar." : "");
                return Redirect($"/veckosamtal?vecka={week}#elev-{pupilId}");
            case WeeklyTalkSaveResult.Invalid invalid:
                // A field the form could not read gets the binding message only, not also the rule's "missing" message.
                var unreadable = bindingErrors.Select(e => e.Key).ToHashSet();
                var errors = bindingErrors
                    .SelectMany(e => e.Value!.Errors.Select(x => new FieldError(e.Key, x.ErrorMessage)))
                    .Concat(invalid.Errors.Where(e => !unreadable.Contains(e.Key)).Select(e => new FieldError(e.Key, e.Value)))
                    .ToList();
                var list = await talks.WeekAsync(UserId, week, cancellationToken);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return View(nameof(Index), Page(week, list, notice: null, pupilId, input, errors));
            default:
                throw new InvalidOperationException($"Unexpected result {result}.");
        }
    }

    private bool TryWeek(string? text, out IsoWeek week)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            week = WeeklyTalkRule.DefaultWeek(talks.Today);
            return true;
        }
        return IsoWeek.TryParse(text, out week);
    }

    private ViewResult BadWeekPage(string? text)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var today = talks.Today;
        return View(nameof(Index), new WeeklyTalksViewModel
        {
            Week = WeeklyTalkRule.DefaultWeek(today), WeekText = text ?? "", WeekError = BadWeek, Today = today,
        });
    }

    private WeeklyTalksViewModel Page(IsoWeek week, WeeklyTalkWeek list, string? notice, int? formPupilId,
        WeeklyTalkInputModel? posted = null, IReadOnlyList<FieldError>? errors = null) => new()
    {
        Week = week, List = list, WeekText = week.ToString(), Notice = notice, FormPupilId = formPupilId,
        Posted = posted, Errors = errors ?? [], Today = list.Today,
    };

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
