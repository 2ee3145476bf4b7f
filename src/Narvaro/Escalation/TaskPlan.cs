using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>One huvudman's task list: the catalogue's codes with that huvudman's roles and due offsets.</summary>
public sealed class TaskPlan
{
    private readonly Dictionary<string, (TaskRole Role, int DueDays)> _tasks;

    private TaskPlan(Dictionary<string, (TaskRole, int)> tasks) => _tasks = tasks;

    public static TaskPlan For(IEnumerable<PolicyTaskSetting> settings)
    {
        var tasks = TaskCatalog.Trosa.ToDictionary(t => t.Code, t => (t.Role, t.DueDays));
        foreach (var setting in settings)
        {
            if (tasks.ContainsKey(setting.Code) && Enum.TryParse<TaskRole>(setting.Role, out var role))
                tasks[setting.Code] = (role, setting.DueDays);
        }
        return new TaskPlan(tasks);
    }

    public static TaskPlan Default { get; } = For([]);

    public TaskRole RoleOf(string code) => _tasks[code].Role;

    /// <summary>Due dates are calendar days after D.</summary>
    public DateOnly DueOf(string code, DateOnly raisedOn) => raisedOn.AddDays(_tasks[code].DueDays);
}
