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

    /// <summary>Marks a task done, with an optional note; logged on the case's timeline.</summary>
    public async Task CompleteTaskAsync(int taskId, string userId, string? note, CancellationToken cancellationToken = default)
    {
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new CaseActionException("Uppgiften finns inte.");
        if (task.Status == CaseTaskStatus.Done)
            throw new CaseActionException("Uppgiften är redan klarmarkerad.");
        task.Status = CaseTaskStatus.Done;
        task.DoneAtUtc = clock.GetUtcNow().UtcDateTime;
        task.DoneByUserId = userId;
        task.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (task.CaseId is { } caseId)
        {
            var today = SwedishTime.Today(clock);
            db.CaseEvents.Add(new CaseEvent
            {
                CaseId = caseId, On = today, AtUtc = task.DoneAtUtc.Value, Kind = CaseEventKind.TaskDone, UserId = userId,
                Text = $"Uppgift {task.Code} klar{(task.Note is null ? "" : ": " + task.Note)}.",
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

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

/// <summary>A case action that cannot be done; the message is for staff, in Swedish.</summary>
public sealed class CaseActionException(string message) : Exception(message);
