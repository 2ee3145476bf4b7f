using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Audit;

/// <summary>The audit log filter of /admin/logg: every value optional; dates are Swedish calendar days, inclusive.</summary>
public sealed record AuditLogFilter(string? Person, string? Pupil, string? Action, DateOnly? From, DateOnly? To)
{
    public bool IsEmpty => Person is null && Pupil is null && Action is null && From is null && To is null;
}

public sealed record AuditLogRow(long Id, DateTime At, string? UserName, string? UserEmail, string Action,
    int? PupilId, string? PupilName, string? PupilExternalId, string? SchoolName, string? Details, bool Chained);

public sealed record AuditLogPage(IReadOnlyList<AuditLogRow> Rows, int Total, int Page, int PageCount, IReadOnlyList<string> Actions);

/// <summary>
/// Reads the audit log for an administrator, scoped to the huvudman(s) they administer: entries at one of its schools,
/// by one of its staff, about one of its pupils, and system entries (no user) that name nothing outside it.
/// Newest first, by id (the clustered key), so paging stays cheap on a large log.
/// </summary>
public sealed class AuditLogQuery(NarvaroDbContext db)
{
    public const int PageSize = 50;

    public IQueryable<AuditEntry> Scoped(string adminUserId)
    {
        var orgs = StaffAccess.OrganisationsWhere(db, adminUserId, StaffRoles.Admin);
        var schools = db.Schools.Where(s => orgs.Contains(s.OrganisationId)).Select(s => s.Id);
        // The huvudman's staff: its accounts, and anyone holding a role in it (accounts not yet given a huvudman).
        var staff = db.Users.Where(u => (u.OrganisationId != null && orgs.Contains(u.OrganisationId.Value))
            || db.RoleAssignments.Any(a => a.UserId == u.Id && orgs.Contains(a.OrganisationId))).Select(u => u.Id);
        var pupils = db.Pupils.Where(p => schools.Contains(p.SchoolId)).Select(p => p.Id);
        return db.AuditLog.AsNoTracking().Where(a =>
            (a.SchoolId != null && schools.Contains(a.SchoolId.Value))
            || (a.UserId != null && staff.Contains(a.UserId))
            || (a.PupilId != null && pupils.Contains(a.PupilId.Value))
            || (a.UserId == null && a.SchoolId == null && a.PupilId == null));
    }

    public IQueryable<AuditEntry> Filtered(string adminUserId, AuditLogFilter filter)
    {
        var query = Scoped(adminUserId);
        if (filter.Person is { } person)
        {
            var users = db.Users.Where(u => u.DisplayName.Contains(person) || (u.Email != null && u.Email.Contains(person))).Select(u => u.Id);
            query = query.Where(a => a.UserId != null && users.Contains(a.UserId));
        }
        if (filter.Pupil is { } pupil)
        {
            var pupils = db.Pupils.Where(p => p.ExternalId == pupil || p.FirstName.Contains(pupil) || p.LastName.Contains(pupil)
                || (p.FirstName + " " + p.LastName).Contains(pupil)).Select(p => p.Id);
            query = query.Where(a => a.PupilId != null && pupils.Contains(a.PupilId.Value));
        }
        if (filter.Action is { } action) query = query.Where(a => a.Action == action);
        if (filter.From is { } from)
        {
            var fromUtc = SwedishDayStartUtc(from);
            query = query.Where(a => a.At >= fromUtc);
        }
        if (filter.To is { } to)
        {
            var toUtc = SwedishDayStartUtc(to.AddDays(1));
            query = query.Where(a => a.At < toUtc);
        }
        return query;
    }

    public async Task<AuditLogPage> PageAsync(string adminUserId, AuditLogFilter filter, int page, CancellationToken cancellationToken = default)
    {
        var query = Filtered(adminUserId, filter);
        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var entries = await query.OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var rows = await RowsAsync(entries, cancellationToken);
        var actions = await ActionsAsync(adminUserId, cancellationToken);
        return new AuditLogPage(rows, total, page, pageCount, actions);
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        (await Scoped(adminUserId).Select(a => a.Action).Distinct().ToListAsync(cancellationToken))
            .Order(StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("sv-SE"), false)).ToList();

    /// <summary>The filtered entries, newest first, in batches, for the CSV export.</summary>
    public async IAsyncEnumerable<AuditLogRow> StreamAsync(string adminUserId, AuditLogFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long? below = null;
        while (true)
        {
            var query = Filtered(adminUserId, filter);
            if (below is { } b) query = query.Where(a => a.Id < b);
            var batch = await query.OrderByDescending(a => a.Id).Take(1000).ToListAsync(cancellationToken);
            if (batch.Count == 0) yield break;
            foreach (var row in await RowsAsync(batch, cancellationToken)) yield return row;
            below = batch[^1].Id;
        }
    }

    private async Task<IReadOnlyList<AuditLogRow>> RowsAsync(List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var userIds = entries.Where(e => e.UserId != null).Select(e => e.UserId!).Distinct().ToList();
        var pupilIds = entries.Where(e => e.PupilId != null).Select(e => e.PupilId!.Value).Distinct().ToList();
        var schoolIds = entries.Where(e => e.SchoolId != null).Select(e => e.SchoolId!.Value).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var pupils = await db.Pupils.Where(p => pupilIds.Contains(p.Id)).Select(p => new { p.Id, p.FirstName, p.LastName, p.ExternalId }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var schools = await db.Schools.Where(s => schoolIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, cancellationToken);
        return entries.Select(e =>
        {
            var user = e.UserId is { } u && users.TryGetValue(u, out var x) ? x : null;
            var pupil = e.PupilId is { } p && pupils.TryGetValue(p, out var y) ? y : null;
            var school = e.SchoolId is { } s && schools.TryGetValue(s, out var z) ? z.Name : null;
            return new AuditLogRow(e.Id, e.At, user?.DisplayName, user?.Email, e.Action, e.PupilId,
                pupil is null ? null : $"{pupil.FirstName} {pupil.LastName}", pupil?.ExternalId, school, e.Details, e.Hash != null);
        }).ToList();
    }

    private static DateTime SwedishDayStartUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), SwedishTime.Zone);
}
