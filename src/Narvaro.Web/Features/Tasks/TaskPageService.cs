using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.Tasks;

/// <summary>
/// Who may do what with one task: the task's owner (<see cref="TaskOwnership"/>) acts on it; otherwise
/// <see cref="StaffAccess.PupilAccessAsync"/> decides whether the user may read it.
/// </summary>
public enum TaskAccess
{
    /// <summary>Unknown task, or neither the user's task nor a pupil the user may see: 404.</summary>
    None,
    /// <summary>The rector of the pupil's school, or the mentor on another role's task: reads, changes nothing.</summary>
    Read,
    /// <summary>The task is the user's (the mentor's mentor task, the rector's Rektor task, the kurator's Skolkurator task, …): reads and completes it.</summary>
    Act,
}

/// <summary>The task page (/uppgift/{id}): load the task the user may see, build the page, record what was done.</summary>
public sealed class TaskPageService(NarvaroDbContext db, CaseService cases, AuditTrail audit, TimeProvider clock)
{
    public const string ViewedAction = "Uppgift visad";
    public const string CompletedAction = "Uppgift klarmarkerad";
    public const string ContactAction = "Kontakt med vårdnadshavare registrerad";

    private sealed record TaskFacts(int Id, int PupilId, int SchoolId, string Role, string Code, string? AssigneeUserId);

    public async Task<TaskAccess> AccessAsync(int taskId, string userId, CancellationToken cancellationToken)
    {
        var task = await FactsAsync(taskId, cancellationToken);
        if (task is null) return TaskAccess.None;
        var isMentor = await db.Pupils.AnyAsync(p => p.Id == task.PupilId && p.MentorId == userId, cancellationToken);
        var rolesAtSchool = await db.RoleAssignments.Where(a => a.UserId == userId && a.SchoolId == task.SchoolId)
            .Select(a => a.Role).ToListAsync(cancellationToken);
        if (TaskOwnership.IsOwner(task.Role, task.AssigneeUserId, userId, isMentor, rolesAtSchool)) return TaskAccess.Act;
        return await StaffAccess.PupilAccessAsync(db, userId, task.PupilId, cancellationToken) == PupilAccessLevel.None
            ? TaskAccess.None
            : TaskAccess.Read;
    }

    /// <summary>The page for a user with at least <see cref="TaskAccess.Read"/>; audited as a view.</summary>
    public async Task<TaskViewModel> BuildAsync(int taskId, string userId, TaskAccess access, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
            .Select(t => new
            {
                t.Id, t.Code, t.Role, t.RaisedOn, t.Due, t.Status, t.DoneOn, t.Note, t.PupilId, t.CaseId,
                DoneBy = db.Users.Where(u => u.Id == t.DoneByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                t.Pupil!.FirstName, t.Pupil.LastName, ClassName = t.Pupil.Class!.Name, SchoolName = t.Pupil.School!.Name,
                t.Pupil.SchoolId, t.Pupil.ProtectedIdentity,
            })
            .SingleAsync(cancellationToken);
        var attempts = await db.ContactAttempts.AsNoTracking().Where(a => a.TaskId == taskId)
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.At, a.Method, a.Reached, a.Note, By = db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var isContact = CaseService.IsContactTask(task.Code);
        var canAct = access == TaskAccess.Act && task.Status == CaseTaskStatus.Open;
        var guardians = canAct && isContact && !task.ProtectedIdentity
            ? await db.Guardians.AsNoTracking().Where(g => g.PupilId == task.PupilId).OrderBy(g => g.Name)
                .Select(g => new GuardianViewModel(g.Name, g.Phone, g.Email)).ToListAsync(cancellationToken)
            : [];
        var role = Enum.TryParse<TaskRole>(task.Role, out var parsed) ? parsed.DisplayName() : task.Role;
        var nowLocal = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), SwedishTime.Zone).DateTime;

        var mayReadPupil = await StaffAccess.PupilAccessAsync(db, userId, task.PupilId, cancellationToken) != PupilAccessLevel.None;
        var mayOpenCaseWork = task.CaseId is { } caseId && (await CaseAccess.LevelAsync(db, userId, caseId, cancellationToken)).ReadsSecrets();
        await audit.RecordAsync(userId, ViewedAction, task.PupilId, task.SchoolId, $"Uppgift {task.Id} ({task.Code})", cancellationToken);
        return new TaskViewModel
        {
            TaskId = task.Id,
            Code = task.Code,
            Label = TaskCatalog.IsKnown(task.Code) ? TaskCatalog.Get(task.Code).Title : task.Code,
            RoleName = role,
            PupilId = task.PupilId,
            MayReadPupil = mayReadPupil,
            CaseId = task.CaseId,
            MayOpenCaseWork = mayOpenCaseWork,
            PupilName = $"{task.FirstName} {task.LastName}",
            ClassName = task.ClassName,
            SchoolName = task.SchoolName,
            RaisedOn = task.RaisedOn,
            Due = task.Due,
            Today = SwedishTime.Today(clock),
            NowLocal = new DateTime(nowLocal.Year, nowLocal.Month, nowLocal.Day, nowLocal.Hour, nowLocal.Minute, 0),
            Done = task.Status == CaseTaskStatus.Done,
            DoneOn = task.DoneOn,
            DoneBy = task.DoneBy,
            Note = task.Note,
            IsContactTask = isContact,
            CanAct = canAct,
            ReadOnlyReason = canAct || task.Status == CaseTaskStatus.Done ? null
                : access == TaskAccess.Act ? null
                : task.Role == nameof(TaskRole.Mentor)
                    ? "Du kan läsa uppgiften. Bara elevens mentor kan klarmarkera den."
                    : $"Uppgiften är för {role.ToLowerInvariant()}. Du kan läsa den men inte klarmarkera den här.",
            ProtectedIdentity = task.ProtectedIdentity,
            Guardians = guardians,
            Attempts = attempts.Select(a => new ContactAttemptViewModel(a.At, CaseService.MethodName(a.Method), a.Reached, a.Note, a.By)).ToList(),
        };
    }

    /// <summary>Records a contact attempt; the confirmation to show, or the exception's message for the form.</summary>
    public async Task<string> RecordContactAsync(int taskId, string userId, ContactInputModel input, CancellationToken cancellationToken)
    {
        var facts = (await FactsAsync(taskId, cancellationToken))!;
        var attempt = await cases.RecordContactAsync(taskId, userId, input.Method!.Value, input.At!.Value, input.Reached!.Value, input.Note,
            cancellationToken);
        var how = CaseService.MethodName(attempt.Method);
        await audit.RecordAsync(userId, ContactAction, facts.PupilId, facts.SchoolId,
            $"Uppgift {taskId}: {how}, {(attempt.Reached ? "nådd" : "inte nådd")}", cancellationToken);
        return attempt.Reached
            ? "Kontakten med vårdnadshavaren är registrerad och uppgiften är klar."
            : "Kontaktförsöket är registrerat. Vårdnadshavaren nåddes inte, så uppgiften är fortfarande öppen.";
    }

    public async Task<string> CompleteAsync(int taskId, string userId, CompletionInputModel input, CancellationToken cancellationToken)
    {
        var facts = (await FactsAsync(taskId, cancellationToken))!;
        if (CaseService.IsContactTask(facts.Code))
            throw new CaseActionException("Registrera kontakten med vårdnadshavaren: hur, när och om du nådde hen.");
        await cases.CompleteTaskAsync(taskId, userId, input.Note, input.DoneOn!.Value, cancellationToken);
        await audit.RecordAsync(userId, CompletedAction, facts.PupilId, facts.SchoolId,
            $"Uppgift {taskId} klar {input.DoneOn:yyyy-MM-dd}", cancellationToken);
        return "Uppgiften är klarmarkerad.";
    }

    private Task<TaskFacts?> FactsAsync(int taskId, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
            .Select(t => new TaskFacts(t.Id, t.PupilId, t.Pupil!.SchoolId, t.Role, t.Code, t.AssigneeUserId))
            .SingleOrDefaultAsync(cancellationToken);
}
