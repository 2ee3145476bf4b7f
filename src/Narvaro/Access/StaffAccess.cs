using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Access;

/// <summary>
/// The access model, in one place: a member of staff holds roles per school (or, for skolchef and administratör,
/// per huvudman) through <see cref="RoleAssignment"/>s, and is mentor of the pupils whose <see cref="Pupil.MentorId"/>
/// names them. A mentor reaches their mentees and nothing else of the school. Every query here is for one user id.
/// </summary>
public static class StaffAccess
{
    /// <summary>The roles the user holds anywhere, Mentor included when they mentor at least one pupil.</summary>
    public static async Task<IReadOnlyList<string>> RolesAsync(NarvaroDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var roles = await db.RoleAssignments.Where(a => a.UserId == userId).Select(a => a.Role).Distinct().ToListAsync(cancellationToken);
        if (await db.Pupils.AnyAsync(p => p.MentorId == userId, cancellationToken))
            roles.Add(StaffRoles.Mentor);
        return StaffRoles.All.Where(roles.Contains).ToList();
    }

    /// <summary>
    /// The schools where the user holds one of <paramref name="roles"/>: the school of a school assignment, every
    /// school of the huvudman for an organisation-wide one. Mentor gives no school.
    /// </summary>
    public static IQueryable<School> SchoolsWhere(NarvaroDbContext db, string userId, IReadOnlyCollection<string> roles)
    {
        var assignments = db.RoleAssignments.Where(a => a.UserId == userId && roles.Contains(a.Role));
        return db.Schools.Where(s => assignments.Any(a =>
            a.SchoolId == s.Id || (a.SchoolId == null && a.OrganisationId == s.OrganisationId)));
    }

    /// <summary>The schools where the user holds any role (not counting mentorship).</summary>
    /// <summary>
    /// The huvudmän where the user holds a role over the huvudman (<see cref="StaffRoles.Skolchef"/>,
    /// <see cref="StaffRoles.Admin"/>: assignments without a school). Administration, the log and the skolchef's
    /// overview are scoped to them.
    /// </summary>
    public static IQueryable<int> OrganisationsWhere(NarvaroDbContext db, string userId, string role) =>
        db.RoleAssignments.Where(a => a.UserId == userId && a.Role == role && a.SchoolId == null).Select(a => a.OrganisationId);

    /// <summary>The first of <see cref="OrganisationsWhere"/> (the lowest id, should the role be held over several), or null.</summary>
    public static Task<int?> FirstOrganisationWhereAsync(NarvaroDbContext db, string userId, string role,
        CancellationToken cancellationToken = default) =>
        OrganisationsWhere(db, userId, role).OrderBy(id => id).Select(id => (int?)id).FirstOrDefaultAsync(cancellationToken);

    public static IQueryable<School> SchoolsOf(NarvaroDbContext db, string userId) =>
        SchoolsWhere(db, userId, StaffRoles.All);

    /// <summary>Whether the user holds one of <paramref name="roles"/> at this school.</summary>
    public static Task<bool> HoldsAtSchoolAsync(NarvaroDbContext db, string userId, int schoolId, IReadOnlyCollection<string> roles,
        CancellationToken cancellationToken = default) =>
        SchoolsWhere(db, userId, roles).AnyAsync(s => s.Id == schoolId, cancellationToken);

    /// <summary>
    /// What the user may do with one pupil's record: the mentor works in it (<see cref="PupilAccessLevel.Mentor"/>),
    /// a rector of the pupil's school reads it (<see cref="PupilAccessLevel.Rector"/>); anyone else gets
    /// <see cref="PupilAccessLevel.None"/>, the same as for a pupil that does not exist.
    /// </summary>
    public static async Task<PupilAccessLevel> PupilAccessAsync(NarvaroDbContext db, string userId, int pupilId,
        CancellationToken cancellationToken = default)
    {
        var pupil = await db.Pupils.Where(p => p.Id == pupilId).Select(p => new { p.MentorId, p.SchoolId }).SingleOrDefaultAsync(cancellationToken);
        if (pupil is null) return PupilAccessLevel.None;
        if (pupil.MentorId == userId) return PupilAccessLevel.Mentor;
        return await HoldsAtSchoolAsync(db, userId, pupil.SchoolId, [StaffRoles.Rektor], cancellationToken)
            ? PupilAccessLevel.Rector
            : PupilAccessLevel.None;
    }

    /// <summary>The pupils the user mentors.</summary>
    public static IQueryable<Pupil> Mentees(NarvaroDbContext db, string userId) =>
        db.Pupils.Where(p => p.MentorId == userId);

    /// <summary>
    /// The tasks that are the user's by <see cref="Escalation.TaskOwnership"/>: tasks given to them by name, and, of the
    /// tasks given to nobody, Mentor tasks of their mentees and the tasks of pupils at schools where they hold a role that
    /// owns the task's role. Read by pupil
    /// (IX_Pupils_MentorId, IX_Pupils_SchoolId_ClassId, then IX_Tasks_PupilId_Code), never by (Status, Due).
    /// </summary>
    public static IQueryable<CaseTask> OwnTasks(NarvaroDbContext db, string userId)
    {
        var mentor = nameof(Escalation.TaskRole.Mentor);
        var pairs = Escalation.TaskOwnership.SchoolOwnerPairs;
        var schoolRoles = StaffRoles.SchoolRoles;
        var schoolIds = db.RoleAssignments
            .Where(a => a.UserId == userId && a.SchoolId != null && schoolRoles.Contains(a.Role))
            .Select(a => a.SchoolId!.Value);
        var pupilIds = db.Pupils.Where(p => p.MentorId == userId || schoolIds.Contains(p.SchoolId)).Select(p => p.Id);
        return db.Tasks.Where(t => t.AssigneeUserId == userId || (t.AssigneeUserId == null && pupilIds.Contains(t.PupilId) && (
            (t.Role == mentor && t.Pupil!.MentorId == userId)
            || db.RoleAssignments.Any(a => a.UserId == userId && a.SchoolId == t.Pupil!.SchoolId && pairs.Contains(t.Role + "|" + a.Role)))));
    }
}

/// <summary>What a member of staff may do with a pupil's record (<see cref="StaffAccess.PupilAccessAsync"/>).</summary>
public enum PupilAccessLevel
{
    /// <summary>Nothing: answer as if the pupil did not exist (404).</summary>
    None = 0,
    /// <summary>The rector of the pupil's school: reads every page, changes nothing.</summary>
    Rector = 1,
    /// <summary>The pupil's mentor: reads and does the mentor's work.</summary>
    Mentor = 2,
}
