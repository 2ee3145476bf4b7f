namespace Narvaro.Escalation;

/// <summary>Who a task is for (staircase-rules.md: Mentor, Rektor, Skolkurator, Specialpedagog, Skolskoterska, EHT).</summary>
public enum TaskRole
{
    Mentor,
    Rektor,
    Skolkurator,
    Specialpedagog,
    Skolskoterska,
    /// <summary>The student-health team as a whole, at its next meeting.</summary>
    EHT,
}

public static class TaskRoles
{
    public static string DisplayName(this TaskRole role) => role switch
    {
        TaskRole.Mentor => "Mentor/klasslärare",
        TaskRole.Rektor => "Rektor",
        TaskRole.Skolkurator => "Skolkurator",
        TaskRole.Specialpedagog => "Specialpedagog",
        TaskRole.Skolskoterska => "Skolsköterska",
        TaskRole.EHT => "EHT",
        _ => role.ToString(),
    };
}
