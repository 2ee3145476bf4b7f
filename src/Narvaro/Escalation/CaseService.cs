using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

/// <summary>What staff do to a case: close it, record that concern remains (step 7), mark a task done.</summary>
public sealed class CaseService(NarvaroDbContext db, TimeProvider clock)
{
    /// <summary>Closes an open case with a note. A later trigger opens a new case.</summary>
    public async Task CloseAsync(int caseId, string userId, DateOnly on, string note, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(note))
            throw new CaseActionException("Skriv en kommentar om varför ärendet avslutas.");
        var @case = await OpenCaseAsync(caseId, cancellationToken);
        @case.ClosedOn = on;
        @case.ClosedByUserId = userId;
        @case.ClosingNote = note.Trim();
        AddEvent(@case, on, CaseEventKind.Closed, $"Ärendet avslutat: {note.Trim()}", userId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Step 7: the rector records that concern remains; raises S7-CONCERN once per case.</summary>
    public async Task RecordConcernAsync(int caseId, string userId, DateOnly on, CancellationToken cancellationToken = default)
    {
        var @case = await OpenCaseAsync(caseId, cancellationToken);
        if (!ConcernRemainsRule.CanRecord(@case.IsOpen, @case.ConcernRemains))
            throw new CaseActionException("Oro för frånvaro kvarstår är redan registrerat i ärendet.");
        var organisationId = await db.Pupils.Where(p => p.Id == @case.PupilId).Select(p => p.School!.OrganisationId).SingleAsync(cancellationToken);
        var plan = TaskPlan.For(await db.PolicyTasks.AsNoTracking().Where(s => s.OrganisationId == organisationId).ToListAsync(cancellationToken));
        @case.ConcernRemains = true;
        var role = plan.RoleOf(TaskCatalog.S7Concern);
        var due = plan.DueOf(TaskCatalog.S7Concern, on);
        db.Tasks.Add(new CaseTask
        {
            PupilId = @case.PupilId, CaseId = @case.Id, Code = TaskCatalog.S7Concern, Role = role.ToString(),
            RaisedOn = on, Due = due, Status = CaseTaskStatus.Open,
        });
        AddEvent(@case, on, CaseEventKind.ConcernRecorded, "Steg 7 – oro för frånvaro kvarstår.", userId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The longest note a task or a contact attempt keeps.</summary>
    public const int MaxNoteLength = 2000;

    public const string AlreadyDone = "Uppgiften är redan klarmarkerad.";

    /// <summary>
    /// Marks a task done on <paramref name="doneOn"/> (the day the member of staff says it was done; today when null),
    /// with an optional note; logged on the case's timeline. The date may not be in the future or before the task was
    /// raised; a task already done stays as it is.
    /// </summary>
    public async Task CompleteTaskAsync(int taskId, string userId, string? note, DateOnly? doneOn = null,
        CancellationToken cancellationToken = default)
    {
        var task = await OpenTaskAsync(taskId, cancellationToken);
        var today = SwedishTime.Today(clock);
        var on = doneOn ?? today;
        if (on > today)
            throw new CaseActionException("Datumet kan inte vara senare än i dag. Ange dagen då uppgiften gjordes.", TaskField.DoneOn);
        if (on < task.RaisedOn)
            throw new CaseActionException(
                $"Datumet kan inte vara före {Swedish(task.RaisedOn)}, dagen då uppgiften skapades.", TaskField.DoneOn);
        var trimmed = CheckedNote(note);
        MarkDone(task, userId, on, trimmed);
        await SaveDoneAsync(task, cancellationToken);
    }

    /// <summary>
    /// Step 1 (S1-CONTACT) or sen ankomst (L1-CONTACT): records one attempt to reach the guardian, at Swedish local
    /// time <paramref name="at"/>. An attempt that reached the guardian completes the task on that day; one that did
    /// not leaves it open with the attempt listed.
    /// </summary>
    public async Task<ContactAttempt> RecordContactAsync(int taskId, string userId, ContactMethod method, DateTime at, bool reached,
        string? note, CancellationToken cancellationToken = default)
    {
        var task = await OpenTaskAsync(taskId, cancellationToken);
        if (!IsContactTask(task.Code))
            throw new CaseActionException("Uppgiften är ingen kontakt med vårdnadshavare.");
        if (!Enum.IsDefined(method))
            throw new CaseActionException("Välj hur du kontaktade vårdnadshavaren.", TaskField.Method);
        var now = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), SwedishTime.Zone).DateTime;
        if (at > now.AddMinutes(1))
            throw new CaseActionException("Tidpunkten kan inte vara senare än nu. Ange när du kontaktade vårdnadshavaren.", TaskField.At);
        if (DateOnly.FromDateTime(at) < task.RaisedOn)
            throw new CaseActionException(
                $"Tidpunkten kan inte vara före {Swedish(task.RaisedOn)}, dagen då uppgiften skapades.", TaskField.At);
        var trimmed = CheckedNote(note);
        var attempt = new ContactAttempt
        {
            TaskId = task.Id, Method = method, At = DateTime.SpecifyKind(at, DateTimeKind.Unspecified), Reached = reached, Note = trimmed,
            UserId = userId, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.ContactAttempts.Add(attempt);
        if (reached)
        {
            MarkDone(task, userId, DateOnly.FromDateTime(at), trimmed);
            await SaveDoneAsync(task, cancellationToken);
            return attempt;
        }
        if (task.CaseId is { } caseId)
            db.CaseEvents.Add(new CaseEvent
            {
                CaseId = caseId, On = SwedishTime.Today(clock), AtUtc = attempt.RecordedAtUtc, Kind = CaseEventKind.Note, UserId = userId,
                Text = $"Uppgift {task.Code}: vårdnadshavaren nåddes inte ({MethodName(method)}).",
            });
        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    /// <summary>Tasks completed by reaching the guardian (<see cref="RecordContactAsync"/>) rather than with a date.</summary>
    public static bool IsContactTask(string code) => code is TaskCatalog.S1Contact or TaskCatalog.L1Contact;

    public static string MethodName(ContactMethod method) => method switch
    {
        ContactMethod.Telefon => "telefon",
        ContactMethod.Sms => "sms",
        ContactMethod.Epost => "e-post",
        ContactMethod.Mote => "möte",
        _ => method.ToString(),
    };

    private async Task<CaseTask> OpenTaskAsync(int taskId, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new CaseActionException("Uppgiften finns inte.");
        return task.Status == CaseTaskStatus.Done ? throw new CaseActionException(AlreadyDone) : task;
    }

    /// <summary>
    /// Saves a task marked done, first claiming it in the database (Open → Done) so that of two requests completing
    /// the same task at once (two tabs, a double click) one wins and the other is told it is already done, with
    /// nothing of it saved.
    /// </summary>
    private async Task SaveDoneAsync(CaseTask task, CancellationToken cancellationToken)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var claimed = await db.Tasks.Where(t => t.Id == task.Id && t.Status == CaseTaskStatus.Open)
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.Status, CaseTaskStatus.Done), cancellationToken);
        if (claimed == 0)
        {
            db.ChangeTracker.Clear();
            throw new CaseActionException(AlreadyDone);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
    }

    private static string? CheckedNote(string? note)
    {
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > MaxNoteLength })
            throw new CaseActionException(
                $"Anteckningen får vara högst {MaxNoteLength} tecken. Den är {trimmed.Length} tecken – korta den.", TaskField.Note);
        return trimmed;
    }

    private void MarkDone(CaseTask task, string userId, DateOnly on, string? note)
    {
        task.Status = CaseTaskStatus.Done;
        task.DoneAtUtc = clock.GetUtcNow().UtcDateTime;
        task.DoneOn = on;
        task.DoneByUserId = userId;
        task.Note = note;
        if (task.CaseId is { } caseId)
        {
            db.CaseEvents.Add(new CaseEvent
            {
                CaseId = caseId, On = on, AtUtc = task.DoneAtUtc.Value, Kind = CaseEventKind.TaskDone, UserId = userId,
                Text = $"Uppgift {task.Code} klar{(task.Note is null ? "" : ": " + task.Note)}.",
            });
        }
    }

    private static string Swedish(DateOnly date) =>
        SwedishDates.Short(date);

    private async Task<AbsenceCase> OpenCaseAsync(int caseId, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new CaseActionException("Ärendet finns inte.");
        return @case.IsOpen ? @case : throw new CaseActionException("Ärendet är redan avslutat.");
    }

    private void AddEvent(AbsenceCase @case, DateOnly on, CaseEventKind kind, string text, string userId) =>
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = @case.Id, On = on, AtUtc = clock.GetUtcNow().UtcDateTime, Kind = kind, Text = text, UserId = userId,
        });
}

/// <summary>A case action that cannot be done; the message is for staff, in Swedish, and names the field at fault if any.</summary>
public sealed class CaseActionException(string message, TaskField? field = null) : Exception(message)
{
    public TaskField? Field { get; } = field;
}

/// <summary>The fields of a task's completion or contact form a <see cref="CaseActionException"/> can point at.</summary>
public enum TaskField
{
    DoneOn,
    Method,
    At,
    Note,
}
