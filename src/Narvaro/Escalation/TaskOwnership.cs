using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>
/// Whose task it is (staircase-rules.md, "Steps": each task's role). A task the rector gave to a named member of staff
/// (<see cref="Domain.CaseTask.AssigneeUserId"/>, <see cref="Rules.TaskAssigneeRule"/>) is that person's alone. Any other
/// task belongs to whoever holds its role for the pupil — the pupil's mentor for Mentor tasks, the staff holding the role at the pupil's
/// school for Rektor, Skolkurator, Specialpedagog and Skolskoterska tasks, and the rector together with every
/// student-health role (elevhälsoteamet) at the pupil's school for EHT tasks. Used by Mina uppgifter, the menu count
/// and the task page, so they never disagree.
/// </summary>
public static class TaskOwnership
{
    private static readonly IReadOnlyList<string> EhtMembers = [StaffRoles.Rektor, .. StaffRoles.StudentHealth];

    /// <summary>The school roles (<see cref="StaffRoles"/>) that own a task of <paramref name="taskRole"/> at the pupil's school; none for Mentor tasks.</summary>
    public static IReadOnlyList<string> SchoolRolesOwning(string taskRole) => taskRole switch
    {
        nameof(TaskRole.Rektor) => [StaffRoles.Rektor],
        nameof(TaskRole.Skolkurator) => [StaffRoles.Skolkurator],
        nameof(TaskRole.Specialpedagog) => [StaffRoles.Specialpedagog],
        nameof(TaskRole.Skolskoterska) => [StaffRoles.Skolskoterska],
        nameof(TaskRole.EHT) => EhtMembers,
        _ => [],
    };

    public static bool IsMentorTask(string taskRole) => taskRole == nameof(TaskRole.Mentor);

    /// <summary>
    /// Whether the task is the user's: <paramref name="isPupilsMentor"/> says the user is the pupil's mentor,
    /// <paramref name="rolesAtPupilsSchool"/> the school roles the user holds at the pupil's school.
    /// </summary>
    public static bool IsOwner(string taskRole, bool isPupilsMentor, IReadOnlyCollection<string> rolesAtPupilsSchool) =>
        IsMentorTask(taskRole) ? isPupilsMentor : SchoolRolesOwning(taskRole).Any(rolesAtPupilsSchool.Contains);

    /// <summary>
    /// Whether the task is the user's, with its assignee: a task given to a named person is theirs alone, otherwise
    /// <see cref="IsOwner(string, bool, IReadOnlyCollection{string})"/>.
    /// </summary>
    public static bool IsOwner(string taskRole, string? assigneeUserId, string userId, bool isPupilsMentor,
        IReadOnlyCollection<string> rolesAtPupilsSchool) =>
        assigneeUserId is not null ? assigneeUserId == userId : IsOwner(taskRole, isPupilsMentor, rolesAtPupilsSchool);

    /// <summary>
    /// The rule as "taskRole|staffRole" pairs for the database (<see cref="MyTasksService"/>): a school role holder owns
    /// a task at that school when the task's role and theirs form one of these pairs.
    /// </summary>
    public static IReadOnlyList<string> SchoolOwnerPairs { get; } =
        Enum.GetNames<TaskRole>().SelectMany(t => SchoolRolesOwning(t).Select(r => Pair(t, r))).ToList();

    public static string Pair(string taskRole, string staffRole) => taskRole + "|" + staffRole;
}
