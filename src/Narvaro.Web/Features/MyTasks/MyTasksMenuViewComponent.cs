using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.MyTasks;

/// <summary>The menu's "Mina uppgifter" link with the user's new and overdue tasks, e.g. "Mina uppgifter (1 ny, 3 försenade)"; one query.</summary>
public sealed class MyTasksMenuViewComponent(MyTasksService tasks, HtmlEncoder encoder) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.FindFirstValue(ClaimTypes.NameIdentifier);
        var count = userId is null ? new MyTasksCount(0, 0) : await tasks.CountAsync(userId, HttpContext.RequestAborted);
        var current = HttpContext.Request.Path.StartsWithSegments(MyTasksViewModel.Path) ? " aria-current=\"page\"" : "";
        var text = encoder.Encode(Text(count));
        return new HtmlContentViewComponentResult(new HtmlString($"<a href=\"{MyTasksViewModel.Path}\"{current}>{text}</a>"));
    }

    public static string Text(MyTasksCount count)
    {
        var parts = new List<string>();
        if (count.New > 0) parts.Add($"{count.New} {(count.New == 1 ? "ny" : "nya")}");
        if (count.Overdue > 0) parts.Add($"{count.Overdue} {(count.Overdue == 1 ? "försenad" : "försenade")}");
        return parts.Count == 0 ? "Mina uppgifter" : $"Mina uppgifter ({string.Join(", ", parts)})";
    }
}
