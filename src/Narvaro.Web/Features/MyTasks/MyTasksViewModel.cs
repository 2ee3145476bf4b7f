using System.Globalization;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.MyTasks;

/// <summary>The Mina uppgifter page: one page of the user's tasks and the links that filter and page it.</summary>
public sealed class MyTasksViewModel(MyTasksPage list, string? confirmation)
{
    public const string Path = "/mina-uppgifter";

    public MyTasksPage List { get; } = list;
    public string? Confirmation { get; } = confirmation;

    public static readonly IReadOnlyList<(MyTasksFilter Filter, string Query, string Text)> Filters =
    [
        (MyTasksFilter.All, "alla", "Öppna och nyss klara"),
        (MyTasksFilter.Open, "oppna", "Öppna"),
        (MyTasksFilter.Done, "klara", "Klara de senaste 14 dagarna"),
    ];

    public static MyTasksFilter ParseFilter(string? query) =>
        Filters.Where(f => f.Query == query).Select(f => f.Filter).DefaultIfEmpty(MyTasksFilter.All).First();

    public static string QueryOf(MyTasksFilter filter) => Filters.First(f => f.Filter == filter).Query;

    public string Link(MyTasksFilter filter, int page)
    {
        var parts = new List<string>();
        if (filter != MyTasksFilter.All) parts.Add("visa=" + QueryOf(filter));
        if (page > 1) parts.Add("sida=" + page.ToString(CultureInfo.InvariantCulture));
        return Path + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    /// <summary>The task page, returning here (same filter and page) after the task is completed.</summary>
    public string TaskLink(int taskId) => $"/uppgift/{taskId}?tillbaka={Uri.EscapeDataString(Link(List.Filter, List.Page))}";

    public IReadOnlyList<MyTaskRow> OpenRows => List.Rows.Where(r => !r.Done).ToList();
    public IReadOnlyList<MyTaskRow> DoneRows => List.Rows.Where(r => r.Done).ToList();

    public int FirstShown => List.Total == 0 ? 0 : (List.Page - 1) * MyTasksService.PageSize + 1;
    public int LastShown => FirstShown + List.Rows.Count - 1;

    public string FilterText => Filters.First(f => f.Filter == List.Filter).Text;

    /// <summary>"1 öppen", "3 öppna".</summary>
    public static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string RoleText(string role) =>
        Enum.TryParse<TaskRole>(role, out var parsed) ? parsed.DisplayName() : role;
}
