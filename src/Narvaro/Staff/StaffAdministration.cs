using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Staff;

/// <summary>
/// Staff administration for an administrator, scoped to the huvudmän where they hold Admin: the staff list, new
/// accounts, role grants and revocations, deactivation and reactivation. Anything outside the scope is
/// <see cref="StaffAdminResult.NotFound"/> (the page answers 404, as for an id that does not exist).
/// </summary>
public sealed class StaffAdministration(NarvaroDbContext db, Invitations invitations, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The huvudmän the user administers.</summary>
    public Task<List<int>> OrganisationsOfAsync(string adminId, CancellationToken cancellationToken = default) =>
        StaffAccess.OrganisationsWhere(db, adminId, StaffRoles.Admin).Distinct().ToListAsync(cancellationToken);

    /// <summary>
    /// The staff of these huvudmän: accounts belonging to one, holding an assignment there or mentoring one of its pupils.
    /// </summary>
    private IQueryable<StaffUser> StaffOf(List<int> organisations) =>
        db.Users.Where(u => (u.OrganisationId != null && organisations.Contains(u.OrganisationId.Value))
            || db.RoleAssignments.Any(a => a.UserId == u.Id && organisations.Contains(a.OrganisationId))
            || db.Pupils.Any(p => p.MentorId == u.Id && organisations.Contains(p.School!.OrganisationId)));

    /// <summary>The schools of the admin's huvudmän, by name.</summary>
    public async Task<IReadOnlyList<SchoolOption>> SchoolsAsync(string adminId, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        return await db.Schools.Where(s => organisations.Contains(s.OrganisationId)).OrderBy(s => s.Name)
            .Select(s => new SchoolOption(s.Id, s.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>One page of the staff list, filtered by name or e-mail, school and role, ordered by name.</summary>
    public async Task<StaffPage> ListAsync(string adminId, StaffFilter filter, int page, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        var query = StaffOf(organisations);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            var upper = term.ToUpperInvariant();
            query = query.Where(u => u.DisplayName.Contains(term) || u.NormalizedEmail!.Contains(upper));
        }
        if (filter.SchoolId is { } schoolId)
            query = query.Where(u => db.RoleAssignments.Any(a => a.UserId == u.Id && (a.SchoolId == schoolId
                    || (a.SchoolId == null && db.Schools.Any(s => s.Id == schoolId && s.OrganisationId == a.OrganisationId))))
                || db.Pupils.Any(p => p.MentorId == u.Id && p.SchoolId == schoolId));
        if (!string.IsNullOrEmpty(filter.Role))
            query = filter.Role == StaffRoles.Mentor
                ? query.Where(u => db.Pupils.Any(p => p.MentorId == u.Id))
                : query.Where(u => db.RoleAssignments.Any(a => a.UserId == u.Id && a.Role == filter.Role));

        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var users = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Email).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.LastSignInAtUtc, u.DeactivatedAtUtc, u.TwoFactorEnabled, HasPassword = u.PasswordHash != null })
            .ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var assignments = await AssignmentsOfAsync(ids, organisations, cancellationToken);
        var mentees = await db.Pupils.Where(p => p.MentorId != null && ids.Contains(p.MentorId))
            .GroupBy(p => p.MentorId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var invitationStates = await InvitationStatesAsync(ids, cancellationToken);
        var rows = users.Select(u => new StaffRow(u.Id, u.DisplayName, u.Email ?? "",
            assignments.Where(a => a.UserId == u.Id).ToList(), mentees.GetValueOrDefault(u.Id), u.LastSignInAtUtc,
            u.DeactivatedAtUtc is null, invitationStates[u.Id], u.TwoFactorEnabled, u.HasPassword)).ToList();
        return new StaffPage(rows, total, page, pageCount);
    }

    /// <summary>One member of staff, or null when not in the admin's huvudmän (or not existing).</summary>
    public async Task<StaffDetails?> DetailsAsync(string adminId, string userId, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        var user = await StaffOf(organisations).Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.LastSignInAtUtc, u.DeactivatedAtUtc, u.TwoFactorEnabled, HasPassword = u.PasswordHash != null })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null) return null;
        var assignments = await AssignmentsOfAsync([user.Id], organisations, cancellationToken);
        var mentees = await db.Pupils.CountAsync(p => p.MentorId == user.Id, cancellationToken);
        var invitation = await invitations.StateAsync(user.Id, cancellationToken);
        var row = new StaffRow(user.Id, user.DisplayName, user.Email ?? "", assignments, mentees, user.LastSignInAtUtc,
            user.DeactivatedAtUtc is null, invitation, user.TwoFactorEnabled, user.HasPassword);
        return new StaffDetails(row, user.DeactivatedAtUtc);
    }

    private async Task<List<AssignmentRow>> AssignmentsOfAsync(List<string> userIds, List<int> organisations, CancellationToken cancellationToken) =>
        await db.RoleAssignments.Where(a => userIds.Contains(a.UserId) && organisations.Contains(a.OrganisationId))
            .OrderBy(a => a.SchoolId == null ? 0 : 1).ThenBy(a => a.Role)
            .Select(a => new AssignmentRow(a.Id, a.UserId, a.Role, a.SchoolId,
                a.SchoolId == null ? db.Organisations.Where(o => o.Id == a.OrganisationId).Select(o => o.Name).Single()
                    : db.Schools.Where(s => s.Id == a.SchoolId).Select(s => s.Name).Single()))
            .ToListAsync(cancellationToken);

    private async Task<Dictionary<string, InvitationStatus>> InvitationStatesAsync(List<string> userIds, CancellationToken cancellationToken)
    {
        // One query per row of a page (at most PageSize), read by the (UserId, CreatedAtUtc) index.
        var result = new Dictionary<string, InvitationStatus>();
        foreach (var id in userIds)
            result[id] = await invitations.StateAsync(id, cancellationToken);
        return result;
    }

    /// <summary>Creates an account without password in the admin's (first) huvudman. The e-mail must be unused.</summary>
    public async Task<StaffAdminResult<string>> CreateAsync(string adminId, string displayName, string email, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        if (organisations.Count == 0) return StaffAdminResult<string>.NotFound();
        var key = MentorAccounts.Key(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == key || u.NormalizedUserName == key, cancellationToken))
            return StaffAdminResult<string>.Refused("Det finns redan ett konto med den e-postadressen. Sök upp personen i listan i stället.");
        var user = StaffAccounts.NewUser(email, displayName.Trim());
        user.OrganisationId = organisations.Min();
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return StaffAdminResult<string>.Ok(user.Id);
    }

    /// <summary>Grants a role: a school role at a school of the admin's huvudman, Skolchef or Admin over its huvudman.</summary>
    public async Task<StaffAdminResult> GrantAsync(string adminId, string userId, string role, int? schoolId, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        if (!await StaffOf(organisations).AnyAsync(u => u.Id == userId, cancellationToken)) return StaffAdminResult.NotFound();
        if (role == StaffRoles.Mentor || !StaffRoles.All.Contains(role))
            return StaffAdminResult.Refused("Välj en roll i listan. Mentor tilldelas inte här: den följer av elevernas mentor.");
        int organisationId;
        if (StaffRoles.OrganisationWide.Contains(role))
        {
            if (schoolId is { } id)
                organisationId = await db.Schools.Where(s => s.Id == id && organisations.Contains(s.OrganisationId)).Select(s => (int?)s.OrganisationId).SingleOrDefaultAsync(cancellationToken) ?? -1;
            else organisationId = organisations.Min();
            if (organisationId < 0) return StaffAdminResult.Refused("Välj en skola i listan.");
            schoolId = null;
        }
        else
        {
            if (schoolId is null || !await db.Schools.AnyAsync(s => s.Id == schoolId && organisations.Contains(s.OrganisationId), cancellationToken))
                return StaffAdminResult.Refused($"Välj vid vilken skola personen ska vara {StaffRoles.DisplayName(role).ToLowerInvariant()}.");
            organisationId = 0;
        }
        await RoleGrants.GrantAsync(db, userId, role, schoolId, schoolId is null ? organisationId : null, adminId,
            clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return StaffAdminResult.Ok();
    }

    /// <summary>Removes an assignment of the admin's huvudman; an admin's own last Admin assignment stays.</summary>
    public async Task<StaffAdminResult<RoleAssignment>> RevokeAsync(string adminId, string userId, int assignmentId, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        var assignment = await db.RoleAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.UserId == userId
            && organisations.Contains(a.OrganisationId), cancellationToken);
        if (assignment is null) return StaffAdminResult<RoleAssignment>.NotFound();
        if (userId == adminId && assignment.Role == StaffRoles.Admin
            && await db.RoleAssignments.CountAsync(a => a.UserId == adminId && a.Role == StaffRoles.Admin, cancellationToken) <= 1)
            return StaffAdminResult<RoleAssignment>.Refused("Du kan inte ta bort din egen sista administratörsroll. Be en annan administratör om det.");
        db.RoleAssignments.Remove(assignment);
        await db.SaveChangesAsync(cancellationToken);
        return StaffAdminResult<RoleAssignment>.Ok(assignment);
    }

    /// <summary>
    /// Deactivates the account: locked out for good (no sign-in path lets it in), a new security stamp (every open
    /// session ends at its next request) and its open invitations revoked.
    /// </summary>
    public async Task<StaffAdminResult> DeactivateAsync(string adminId, string userId, CancellationToken cancellationToken = default)
    {
        if (adminId == userId) return StaffAdminResult.Refused("Du kan inte inaktivera ditt eget konto.");
        var user = await FindAsync(adminId, userId, cancellationToken);
        if (user is null) return StaffAdminResult.NotFound();
        if (!user.IsActive) return StaffAdminResult.Refused("Kontot är redan inaktiverat.");
        var now = clock.GetUtcNow();
        user.DeactivatedAtUtc = now.UtcDateTime;
        user.DeactivatedByUserId = adminId;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await invitations.RevokeOpenAsync(user.Id, now.UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return StaffAdminResult.Ok();
    }

    /// <summary>Reactivates the account: the lockout is cleared; it signs in again with its password (or a new invitation).</summary>
    public async Task<StaffAdminResult> ReactivateAsync(string adminId, string userId, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(adminId, userId, cancellationToken);
        if (user is null) return StaffAdminResult.NotFound();
        if (user.IsActive) return StaffAdminResult.Refused("Kontot är redan aktivt.");
        user.DeactivatedAtUtc = null;
        user.DeactivatedByUserId = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        return StaffAdminResult.Ok();
    }

    /// <summary>The account when it is in the admin's huvudmän.</summary>
    public async Task<StaffUser?> FindAsync(string adminId, string userId, CancellationToken cancellationToken = default)
    {
        var organisations = await OrganisationsOfAsync(adminId, cancellationToken);
        return await StaffOf(organisations).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
    }
}

public sealed record SchoolOption(int Id, string Name);

public sealed record StaffFilter(string? Search, int? SchoolId, string? Role);

public sealed record AssignmentRow(int Id, string UserId, string Role, int? SchoolId, string Where);

public sealed record StaffRow(string Id, string DisplayName, string Email, IReadOnlyList<AssignmentRow> Assignments, int Mentees,
    DateTime? LastSignInAtUtc, bool Active, InvitationStatus Invitation, bool TwoFactor, bool HasPassword);

public sealed record StaffPage(IReadOnlyList<StaffRow> Rows, int Total, int Page, int PageCount);

public sealed record StaffDetails(StaffRow Staff, DateTime? DeactivatedAtUtc);

public enum StaffAdminOutcome { Ok, NotFound, Refused }

public record StaffAdminResult(StaffAdminOutcome Outcome, string? Message)
{
    public static StaffAdminResult Ok() => new(StaffAdminOutcome.Ok, null);
    public static StaffAdminResult NotFound() => new(StaffAdminOutcome.NotFound, null);
    public static StaffAdminResult Refused(string message) => new(StaffAdminOutcome.Refused, message);
}

public sealed record StaffAdminResult<T>(StaffAdminOutcome Outcome, string? Message, T? Value) : StaffAdminResult(Outcome, Message)
{
    public static StaffAdminResult<T> Ok(T value) => new(StaffAdminOutcome.Ok, null, value);
    public static new StaffAdminResult<T> NotFound() => new(StaffAdminOutcome.NotFound, null, default);
    public static new StaffAdminResult<T> Refused(string message) => new(StaffAdminOutcome.Refused, message, default);
}
