using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Mentoring;
using Narvaro.Web.Features.Tasks;

namespace Narvaro.Web.Features.Mentees;

/// <summary>
/// Mina elever: the signed-in mentor's mentees, most urgent first, with today's first-day contacts on top.
/// Open to every signed-in member of staff: someone who mentors nobody is told why the list is empty.
/// </summary>
[Route("mina-elever")]
public sealed class MenteesController(MenteeListService mentees, AuditTrail audit) : Controller
{
    public const string ViewedAction = "Mina elever visad";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery(Name = "sortering")] string? sort, [FromQuery(Name = "sida")] int? page,
        CancellationToken cancellationToken)
    {
        var order = MenteesViewModel.ParseSort(sort);
        var list = await mentees.PageAsync(UserId, order, page ?? 1, cancellationToken);
        await audit.RecordAsync(UserId, ViewedAction, details: $"{list.Total} elever, sida {list.Page} av {list.PageCount}",
            cancellationToken: cancellationToken);
        return View(new MenteesViewModel(list, TempData[TasksController.ConfirmationKey] as string));
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
