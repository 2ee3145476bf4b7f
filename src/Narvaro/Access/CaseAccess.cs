using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Access;

/// <summary>
/// Who reaches a case (/arende/{id} and its pages), in one place. The rector of the pupil's school works in it; a member
/// of the school's elevhälsa (skolkurator, specialpedagog, skolsköterska, skolpsykolog) reaches the school's cases at
/// step 4 or higher (<see cref="StudentHealthFromStep"/>) and any case with a task given to them; the pupil's mentor sees
/// the case without the elevhälsa's secrets (what a kartläggning or an EHT evaluation says); anyone else gets 404.
/// </summary>
public static class CaseAccess
{
    /// <summary>"Steg 4 … Elevhälsan kopplas in": the step from which the EHT works in a case.</summary>
    public const int StudentHealthFromStep = 4;

    public static async Task<CaseAccessLevel> LevelAsync(NarvaroDbContext db, string userId, int caseId,
        CancellationToken cancellationToken = default)
    {
        var @case = await db.Cases.Where(c => c.Id == caseId)
            .Select(c => new { c.Step, c.Pupil!.SchoolId, c.Pupil.MentorId, c.ContinuousInvalid })
            .SingleOrDefaultAsync(cancellationToken);
        if (@case is null) return CaseAccessLevel.None;
        var roles = await db.RoleAssignments.Where(a => a.UserId == userId && a.SchoolId == @case.SchoolId)
            .Select(a => a.Role).ToListAsync(cancellationToken);
        if (roles.Contains(StaffRoles.Rektor)) return CaseAccessLevel.Rector;
        if (roles.Any(StaffRoles.StudentHealth.Contains)
            && (@case.Step >= StudentHealthFromStep
                || await db.Tasks.AnyAsync(t => t.CaseId == caseId && t.AssigneeUserId == userId, cancellationToken)))
            return CaseAccessLevel.StudentHealth;
        if (@case.MentorId == userId) return CaseAccessLevel.Mentor;
        // A task given by name reaches the case even when the role was not held at the school (it is by the rule).
        return await db.Tasks.AnyAsync(t => t.CaseId == caseId && t.AssigneeUserId == userId, cancellationToken)
            ? CaseAccessLevel.StudentHealth
            : CaseAccessLevel.None;
    }

    /// <summary>
    /// The cases a member of the elevhälsa or a rector works in at their schools: every case of a rector's school, and at
    /// step 4 or higher (or with a task given to them) for the elevhälsa. Open and closed.
    /// </summary>
    public static IQueryable<AbsenceCase> StudentHealthCases(NarvaroDbContext db, string userId)
    {
        var rectorSchools = db.RoleAssignments.Where(a => a.UserId == userId && a.Role == StaffRoles.Rektor && a.SchoolId != null)
            .Select(a => a.SchoolId!.Value);
        var healthRoles = StaffRoles.StudentHealth;
        var healthSchools = db.RoleAssignments.Where(a => a.UserId == userId && healthRoles.Contains(a.Role) && a.SchoolId != null)
            .Select(a => a.SchoolId!.Value);
        return db.Cases.Where(c => rectorSchools.Contains(c.Pupil!.SchoolId)
            || (healthSchools.Contains(c.Pupil!.SchoolId) && c.Step >= StudentHealthFromStep)
            || c.Tasks.Any(t => t.AssigneeUserId == userId));
    }

    /// <summary>The staff of a school who may be given a task of <paramref name="code"/> (<see cref="TaskAssigneeRule"/>).</summary>
    public static IQueryable<StaffUser> FittingAssignees(NarvaroDbContext db, int schoolId, string code, string taskRole)
    {
        var roles = TaskAssigneeRule.FittingRoles(code, taskRole);
        // From the school's assignments to the accounts by key, never a test per account of the huvudman.
        var userIds = db.RoleAssignments.Where(a => a.SchoolId == schoolId && roles.Contains(a.Role)).Select(a => a.UserId);
        return db.Users.Where(u => userIds.Contains(u.Id));
    }
}

/// <summary>What a member of staff may do with a case (<see cref="CaseAccess.LevelAsync"/>); ordered, higher reaches more.</summary>
public enum CaseAccessLevel
{
    /// <summary>Nothing: answer as if the case did not exist (404).</summary>
    None = 0,
    /// <summary>The pupil's mentor: sees the case, its steps and tasks, and that a kartläggning was done — never what it says.</summary>
    Mentor = 1,
    /// <summary>A member of the school's elevhälsa: reads the elevhälsa's records, records kartläggning and EHT evaluations, does the tasks given to them.</summary>
    StudentHealth = 2,
    /// <summary>The rector of the pupil's school: everything, including giving tasks, reports, step 7, closing and the SST referral.</summary>
    Rector = 3,
}

public static class CaseAccessLevelExtensions
{
    /// <summary>Whether the level reads the elevhälsa's secrets (kartläggning answers, EHT notes).</summary>
    public static bool ReadsSecrets(this CaseAccessLevel level) => level >= CaseAccessLevel.StudentHealth;
}
