using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Tests.Escalation;

/// <summary>Whose task it is: the pupil's mentor, the role's holders at the pupil's school, the rector and student health for EHT.</summary>
public sealed class TaskOwnershipTests
{
    public static TheoryData<string, bool, string[], bool> Cases => new()
    {
        // Mentor tasks: the pupil's mentor, and nobody else — not even the rector.
        { "Mentor", true, [], true },
        { "Mentor", false, [StaffRoles.Rektor], false },
        { "Mentor", false, [StaffRoles.Skolkurator], false },
        // Rektor tasks: the rectors of the pupil's school.
        { "Rektor", false, [StaffRoles.Rektor], true },
        { "Rektor", true, [], false },
        { "Rektor", false, [StaffRoles.Skolkurator, StaffRoles.Specialpedagog], false },
        // One student-health role each.
        { "Skolkurator", false, [StaffRoles.Skolkurator], true },
        { "Skolkurator", false, [StaffRoles.Rektor], false },
        { "Skolkurator", false, [StaffRoles.Specialpedagog], false },
        { "Specialpedagog", false, [StaffRoles.Specialpedagog], true },
        { "Specialpedagog", false, [StaffRoles.Skolskoterska], false },
        { "Skolskoterska", false, [StaffRoles.Skolskoterska], true },
        { "Skolskoterska", false, [StaffRoles.Skolkurator], false },
        // EHT: the rector and every student-health role.
        { "EHT", false, [StaffRoles.Rektor], true },
        { "EHT", false, [StaffRoles.Skolkurator], true },
        { "EHT", false, [StaffRoles.Specialpedagog], true },
        { "EHT", false, [StaffRoles.Skolskoterska], true },
        { "EHT", false, [StaffRoles.Skolpsykolog], true },
        { "EHT", true, [], false },
        // Organisation-wide roles own no task; an unknown role is nobody's.
        { "EHT", false, [StaffRoles.Skolchef, StaffRoles.Admin], false },
        { "Rektor", false, [StaffRoles.Skolchef, StaffRoles.Admin], false },
        { "Okänd", true, [StaffRoles.Rektor, StaffRoles.Skolkurator], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsOwner_ByTaskRole_MentorOrRolesAtThePupilsSchool(string taskRole, bool isMentor, string[] rolesAtSchool, bool expected) =>
        Assert.Equal(expected, TaskOwnership.IsOwner(taskRole, isMentor, rolesAtSchool));

    [Fact]
    public void IsOwner_AnotherSchoolsKurator_HoldsNoRoleAtThePupilsSchool_NotTheirs() =>
        // The kurator's roles at the pupil's school are none: their assignment is at another school.
        Assert.False(TaskOwnership.IsOwner(nameof(TaskRole.Skolkurator), isPupilsMentor: false, rolesAtPupilsSchool: []));

    [Fact]
    public void SchoolOwnerPairs_AreTheRuleAsPairs_ForTheDatabase()
    {
        Assert.Equal(
            ["Rektor|Rektor", "Skolkurator|Skolkurator", "Specialpedagog|Specialpedagog", "Skolskoterska|Skolskoterska",
             "EHT|Rektor", "EHT|Skolkurator", "EHT|Specialpedagog", "EHT|Skolskoterska", "EHT|Skolpsykolog"],
            TaskOwnership.SchoolOwnerPairs);
        foreach (var taskRole in Enum.GetNames<TaskRole>())
            foreach (var staffRole in StaffRoles.SchoolRoles)
                Assert.Equal(TaskOwnership.IsOwner(taskRole, false, [staffRole]),
                    TaskOwnership.SchoolOwnerPairs.Contains(TaskOwnership.Pair(taskRole, staffRole)));
    }

    [Fact]
    public void IsNew_RaisedInTheLastTwoDaysAndNotOverdue()
    {
        var today = new DateOnly(2026, 12, 2);
        Assert.True(MyTasksService.IsNew(today, today, today));
        Assert.True(MyTasksService.IsNew(today.AddDays(-2), today.AddDays(3), today));
        Assert.False(MyTasksService.IsNew(today.AddDays(-3), today.AddDays(3), today));
        Assert.False(MyTasksService.IsNew(today.AddDays(-1), today.AddDays(-1), today));
    }
}
