using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>Which of the user's tasks Mina uppgifter lists.</summary>
public enum MyTasksFilter
{
    /// <summary>Open tasks, then those done in the last <see cref="MyTasksService.RecentDoneDays"/> days.</summary>
    All,
    Open,
    Done,
}

public sealed record MyTaskRow(
    int TaskId,
    string Code,
    string Title,
    string Role,
    int PupilId,
    string PupilName,
    string ClassName,
    string SchoolName,
    bool MayReadPupil,
    DateOnly RaisedOn,
    DateOnly Due,
    bool Done,
    DateOnly? DoneOn,
    bool Overdue,
    bool New);

/// <summary>One page of Mina uppgifter; <c>EmptyReason</c> says why when the user has no task at all.</summary>
public sealed record MyTasksPage(
    DateOnly Today,
    MyTasksFilter Filter,
    int Page,
    int PageCount,
    int Total,
    int OpenCount,
    int DoneCount,
    IReadOnlyList<MyTaskRow> Rows,
    string? EmptyReason);

/// <summary>The menu's figures: open tasks of the user that are new or overdue.</summary>
public sealed record MyTasksCount(int New, int Overdue);

/// <summary>
/// Mina uppgifter: the signed-in user's own tasks (<see cref="TaskOwnership"/>, through <see cref="StaffAccess.OwnTasks"/>),
/// open ones first by due date, then those done in the last two weeks. A task is "Ny" while it is open, not overdue and
/// raised within <see cref="NewDays"/> days (today and the two days before): a fixed window, so the word does not vanish
/// because the user glanced at the page, and needs no state per user.
/// </summary>
public sealed class MyTasksService(NarvaroDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;
    public const int RecentDoneDays = 14;
    public const int NewDays = 2;

    /// <summary>
    /// Added to Status so SQLite cannot pick IX_Tasks_Status_Due, which would read every open task of every school;
    /// the tasks are found by pupil instead (IX_Tasks_PupilId_Code), and the status is checked on those few rows.
    /// </summary>
    private static readonly int NoIndex = 0;

    public static bool IsNew(DateOnly raisedOn, DateOnly due, DateOnly today) => due >= today && raisedOn >= today.AddDays(-NewDays);

    public async Task<MyTasksPage> PageAsync(string userId, MyTasksFilter filter, int page, CancellationToken cancellationToken = default)
    {
        var today = SwedishTime.Today(clock);
        var doneSince = today.AddDays(-RecentDoneDays);
        var open = CaseTaskStatus.Open;
        // Two reads: the user's school assignments (by the user's index) and the tasks, by pupil.
        var rectorSchools = await db.RoleAssignments.AsNoTracking()
            .Where(a => a.UserId == userId && a.Role == StaffRoles.Rektor && a.SchoolId != null)
            .Select(a => a.SchoolId!.Value).ToListAsync(cancellationToken);
        var tasks = await StaffAccess.OwnTasks(db, userId).AsNoTracking()
            .Where(t => (int)t.Status + NoIndex == (int)open || t.DoneOn >= doneSince)
            .Select(t => new
            {
                t.Id, t.Code, t.Role, t.PupilId, t.Pupil!.FirstName, t.Pupil.LastName, ClassName = t.Pupil.Class!.Name,
                SchoolName = t.Pupil.School!.Name, t.Pupil.SchoolId, Mine = t.Pupil.MentorId == userId,
                t.RaisedOn, t.Due, t.Status, t.DoneOn,
            })
            .ToListAsync(cancellationToken);

        var rows = tasks.Select(t =>
        {
            var done = t.Status != open;
            return new MyTaskRow(t.Id, t.Code, TaskCatalog.IsKnown(t.Code) ? TaskCatalog.Get(t.Code).Title : t.Code, t.Role,
                t.PupilId, $"{t.FirstName} {t.LastName}", t.ClassName, t.SchoolName, t.Mine || rectorSchools.Contains(t.SchoolId),
                t.RaisedOn, t.Due, done, t.DoneOn, !done && t.Due < today, !done && IsNew(t.RaisedOn, t.Due, today));
        }).ToList();
        var byName = StringComparer.Create(Swedish, false);
        var openRows = rows.Where(r => !r.Done)
            .OrderBy(r => r.Due).ThenBy(r => r.RaisedOn).ThenBy(r => TaskCatalog.SortKey(r.Code)).ThenBy(r => r.PupilName, byName).ThenBy(r => r.TaskId)
            .ToList();
        var doneRows = rows.Where(r => r.Done)
            .OrderByDescending(r => r.DoneOn).ThenBy(r => r.PupilName, byName).ThenBy(r => r.TaskId)
            .ToList();
        var listed = filter switch
        {
            MyTasksFilter.Open => openRows,
            MyTasksFilter.Done => doneRows,
            _ => openRows.Concat(doneRows).ToList(),
        };
        var pageCount = Math.Max(1, (listed.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var reason = rows.Count == 0 ? await EmptyReasonAsync(userId, cancellationToken) : null;
        return new MyTasksPage(today, filter, page, pageCount, listed.Count, openRows.Count, doneRows.Count,
            listed.Skip((page - 1) * PageSize).Take(PageSize).ToList(), reason);
    }

    /// <summary>The menu's count, in one query: the user's open tasks that are overdue or new.</summary>
    public async Task<MyTasksCount> CountAsync(string userId, CancellationToken cancellationToken = default)
    {
        var today = SwedishTime.Today(clock);
        var newSince = today.AddDays(-NewDays);
        var open = CaseTaskStatus.Open;
        var overdue = await StaffAccess.OwnTasks(db, userId).AsNoTracking()
            .Where(t => (int)t.Status + NoIndex == (int)open && (t.Due < today || t.RaisedOn >= newSince))
            .Select(t => t.Due < today)
            .ToListAsync(cancellationToken);
        return new MyTasksCount(overdue.Count(o => !o), overdue.Count(o => o));
    }

    private async Task<string> EmptyReasonAsync(string userId, CancellationToken cancellationToken)
    {
        var mentors = await StaffAccess.Mentees(db, userId).AnyAsync(cancellationToken);
        var holdsOwningRole = await db.RoleAssignments.AnyAsync(a => a.UserId == userId && a.SchoolId != null
            && StaffRoles.SchoolRoles.Contains(a.Role), cancellationToken);
        if (!mentors && !holdsOwningRole)
            return "Uppgifterna i handlingsplanen är för elevens mentor och för rektor, skolkurator, specialpedagog, skolsköterska "
                + "och elevhälsoteamet (EHT) på elevens skola. Du är inte mentor för någon elev och har ingen av de rollerna på en skola, "
                + "så du får inga uppgifter här.";
        return $"Du har inga öppna uppgifter och ingen som blivit klar de senaste {RecentDoneDays} dagarna. "
            + "Uppgifter skapas när en elevs frånvaro når ett steg i handlingsplanen och den uppgiften är din.";
    }

    private static readonly System.Globalization.CultureInfo Swedish = System.Globalization.CultureInfo.GetCultureInfo("sv-SE");
}
