using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Demo;

/// <summary>
/// The demo's history: the staircase evaluated for every school day of the demo period, in order, as the nightly job
/// would have done, then the forms attached as of the last day. Without it a fresh demo shows no cases until 02:00.
/// A school that works its tasks is the demo's story: tasks the mentors (and the rector) had due before the last
/// <see cref="OpenSchoolDays"/> school days are marked done on their due date, the rest stay open to work on.
/// </summary>
public sealed class DemoEvaluation(NarvaroDbContext db, StaircaseEvaluator evaluator, CaseDocumentAttacher documents, TimeProvider clock)
{
    public const string Trigger = "demo";
    public const string DoneNote = "Gjord (demohistorik).";
    public const int OpenSchoolDays = 5;

    public async Task<DemoEvaluationResult> RunAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var days = 0;
        EvaluationResult? last = null;
        foreach (var day in SwedishSchoolCalendar.SchoolDays(from, to))
        {
            last = await evaluator.EvaluateAsync(day, Trigger, cancellationToken);
            days++;
        }
        var attached = await documents.AttachAsync(to, cancellationToken);
        if (last is not null && attached > 0)
            await evaluator.RecordDocumentsAttachedAsync(last.RunId, attached, cancellationToken);
        var done = await CompleteEarlierTasksAsync(SwedishSchoolCalendar.StartOfSchoolDays(to, OpenSchoolDays), cancellationToken);
        return new DemoEvaluationResult(days, attached, done);
    }

    private async Task<int> CompleteEarlierTasksAsync(DateOnly openFrom, CancellationToken cancellationToken)
    {
        var mentor = TaskRole.Mentor.ToString();
        var tasks = await db.Tasks.Where(t => t.Status == CaseTaskStatus.Open && t.Due < openFrom)
            .Select(t => new { Task = t, t.Pupil!.MentorId }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (task, mentorId) in tasks.Select(t => (t.Task, t.MentorId)))
        {
            task.Status = CaseTaskStatus.Done;
            task.DoneOn = task.Due;
            task.DoneAtUtc = now;
            task.DoneByUserId = task.Role == mentor ? mentorId : null;
            task.Note = DoneNote;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return tasks.Count;
    }
}

public sealed record DemoEvaluationResult(int SchoolDaysEvaluated, int DocumentsAttached, int EarlierTasksDone);
