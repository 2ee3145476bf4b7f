using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>
/// "Rektor ger skolkurator uppdrag …": the rector may give an open task of a case to a named member of staff of the
/// pupil's school whose role fits the task. The fitting roles are the task's own for most codes; for the tasks the plan
/// says the rector hands on, the role it is handed to: S4-SKOLSOCIAL to a skolkurator (Bilaga 2), S4-PEDAGOGISK to a
/// specialpedagog, S4-HALSOSAMTAL to the skolsköterska, S4-EHT to any member of the EHT. Mentor tasks are the pupil's
/// mentor's and are not given to anyone else.
/// </summary>
public static class TaskAssigneeRule
{
    /// <summary>The school roles (<see cref="StaffRoles"/>) a task of <paramref name="code"/> and <paramref name="taskRole"/> may be given to.</summary>
    public static IReadOnlyList<string> FittingRoles(string code, string taskRole)
    {
        if (TaskOwnership.IsMentorTask(taskRole)) return [];
        return code switch
        {
            TaskCatalog.S4Skolsocial => [StaffRoles.Skolkurator],
            TaskCatalog.S4Pedagogisk => [StaffRoles.Specialpedagog],
            TaskCatalog.S4Halsosamtal => [StaffRoles.Skolskoterska],
            _ => TaskOwnership.SchoolRolesOwning(taskRole),
        };
    }

    public static bool CanAssign(string code, string taskRole, bool taskIsOpen, IReadOnlyCollection<string> assigneeRolesAtSchool) =>
        taskIsOpen && FittingRoles(code, taskRole).Any(assigneeRolesAtSchool.Contains);
}
