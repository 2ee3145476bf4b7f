using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Narvaro.Audit;
using Narvaro.Escalation;
using Narvaro.Web.Features.Tasks;

namespace Narvaro.Web.Features.MyTasks;

/// <summary>
/// Mina uppgifter: the signed-in user's own tasks (by <see cref="TaskOwnership"/>), open ones first by due date, then
/// those done in the last two weeks. Open to every signed-in member of staff; someone with no tasks is told why.
/// </summary>
[Route("mina-uppgifter")]
public sealed class MyTasksController(MyTasksService tasks, AuditTrail audit) : Controller
{
    public const string ViewedAction = "Mina uppgifter visad";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery(Name = "visa")] string? filter, [FromQuery(Name = "sida")] int? page,
        CancellationToken cancellationToken)
    {
        var list = await tasks.PageAsync(UserId, MyTasksViewModel.ParseFilter(filter), page ?? 1, cancellationToken);
        await audit.RecordAsync(UserId, ViewedAction,
            details: $"{MyTasksViewModel.Count(list.Total, "uppgift", "uppgifter")} ({MyTasksViewModel.QueryOf(list.Filter)}), sida {list.Page} av {list.PageCount}",
            cancellationToken: cancellationToken);
        return View(new MyTasksViewModel(list, TempData[TasksController.ConfirmationKey] as string));
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A signed-in user without an id.");
}
