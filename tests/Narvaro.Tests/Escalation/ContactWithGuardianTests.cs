using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Step 1 and the mentor's other tasks, on real SQLite: a contact that does not reach the guardian stays open with the
/// attempt kept, one that does completes the task on its day; a task is completed with the day it was done and a note;
/// a wrong date, a too long note or a task already done changes nothing.
/// </summary>
public sealed class ContactWithGuardianTests : IAsyncLifetime
{
    // 09:30 in Stockholm on Wednesday 2 December 2026.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);

    private TestDatabase _database = null!;
    private int _contactTaskId;
    private int _checklistTaskId;
    private int _caseId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var builder = new SchoolBuilder();
        var pupil = builder.Pupil("E1");
        await builder.SaveAsync(db);
        var contact = new CaseTask
        {
            PupilId = pupil.Id, Code = TaskCatalog.S1Contact, Role = nameof(TaskRole.Mentor), RaisedOn = Today.AddDays(-1), Due = Today.AddDays(-1),
        };
        var @case = new AbsenceCase { PupilId = pupil.Id, OpenedOn = Today.AddDays(-2), Step = 3 };
        db.Cases.Add(@case);
        var checklist = new CaseTask
        {
            PupilId = pupil.Id, Case = @case, Code = TaskCatalog.S3Checklist, Role = nameof(TaskRole.Mentor), RaisedOn = Today.AddDays(-2), Due = Today.AddDays(1),
        };
        db.Tasks.AddRange(contact, checklist);
        await db.SaveChangesAsync();
        (_contactTaskId, _checklistTaskId, _caseId) = (contact.Id, checklist.Id, @case.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private CaseService Cases(NarvaroDbContext db) => new(db, new StoppedClock(Now));

    [Fact]
    public async Task ContactNotReached_StaysOpenWithTheAttempt_ThenReached_CompletesOnTheDayOfContact()
    {
        await using (var db = _database.CreateContext())
            await Cases(db).RecordContactAsync(_contactTaskId, "mentor-1", ContactMethod.Telefon, new DateTime(2026, 12, 1, 16, 5, 0), reached: false, "Inget svar.");
        await using (var db = _database.CreateContext())
        {
            var task = await db.Tasks.Include(t => t.ContactAttempts).SingleAsync(t => t.Id == _contactTaskId);
            Assert.Equal(CaseTaskStatus.Open, task.Status);
            var attempt = Assert.Single(task.ContactAttempts);
            Assert.Equal((ContactMethod.Telefon, false, "Inget svar.", "mentor-1"), (attempt.Method, attempt.Reached, attempt.Note, attempt.UserId));
            Assert.Equal(new DateTime(2026, 12, 1, 16, 5, 0), attempt.At);
            Assert.Equal(Now.UtcDateTime, attempt.RecordedAtUtc);
        }

        await using (var db = _database.CreateContext())
            await Cases(db).RecordContactAsync(_contactTaskId, "mentor-1", ContactMethod.Sms, new DateTime(2026, 12, 2, 8, 15, 0), reached: true, "Mamma svarade, eleven var sjuk.");
        await using (var db = _database.CreateContext())
        {
            var task = await db.Tasks.Include(t => t.ContactAttempts).SingleAsync(t => t.Id == _contactTaskId);
            Assert.Equal(CaseTaskStatus.Done, task.Status);
            Assert.Equal(Today, task.DoneOn);
            Assert.Equal("mentor-1", task.DoneByUserId);
            Assert.Equal("Mamma svarade, eleven var sjuk.", task.Note);
            Assert.Equal(2, task.ContactAttempts.Count);
        }
    }

    [Fact]
    public async Task CompleteTaskAsync_WithDateAndNote_IsDoneOnThatDayAndOnTheCaseTimeline()
    {
        await using (var db = _database.CreateContext())
            await Cases(db).CompleteTaskAsync(_checklistTaskId, "mentor-1", "  Samtal hållet, checklistan skickad till rektor. ", Today.AddDays(-1));

        await using var check = _database.CreateContext();
        var task = await check.Tasks.SingleAsync(t => t.Id == _checklistTaskId);
        Assert.Equal((CaseTaskStatus.Done, Today.AddDays(-1), "Samtal hållet, checklistan skickad till rektor."), (task.Status, task.DoneOn, task.Note));
        Assert.Equal(Now.UtcDateTime, task.DoneAtUtc);
        var done = Assert.Single(await check.CaseEvents.Where(e => e.CaseId == _caseId).ToListAsync());
        Assert.Equal(CaseEventKind.TaskDone, done.Kind);
        Assert.Equal(Today.AddDays(-1), done.On);
    }

    public static TheoryData<string, int, string> BadCompletions => new()
    {
        { "future", 1, "senare än i dag" },
        { "before raised", -3, "före 30 nov. 2026" },
        { "long note", 0, "högst 2000 tecken" },
    };

    [Theory]
    [MemberData(nameof(BadCompletions))]
    public async Task CompleteTaskAsync_WrongDateOrLongNote_ChangesNothing(string scenario, int days, string message)
    {
        var note = scenario == "long note" ? new string('x', 2001) : "Klart.";
        await using (var db = _database.CreateContext())
        {
            var error = await Assert.ThrowsAsync<CaseActionException>(() => Cases(db).CompleteTaskAsync(_checklistTaskId, "mentor-1", note, Today.AddDays(days)));
            Assert.Contains(message, error.Message);
            Assert.Equal(scenario == "long note" ? TaskField.Note : TaskField.DoneOn, error.Field);
        }
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task RecordContactAsync_InTheFutureOrBeforeTheTaskOrLongNote_ChangesNothing()
    {
        await using (var db = _database.CreateContext())
        {
            var cases = Cases(db);
            var future = await Assert.ThrowsAsync<CaseActionException>(() =>
                cases.RecordContactAsync(_contactTaskId, "m", ContactMethod.Telefon, new DateTime(2026, 12, 2, 11, 0, 0), true, null));
            Assert.Equal(TaskField.At, future.Field);
            var early = await Assert.ThrowsAsync<CaseActionException>(() =>
                cases.RecordContactAsync(_contactTaskId, "m", ContactMethod.Telefon, new DateTime(2026, 11, 30, 15, 0, 0), true, null));
            Assert.Equal(TaskField.At, early.Field);
            var note = await Assert.ThrowsAsync<CaseActionException>(() =>
                cases.RecordContactAsync(_contactTaskId, "m", ContactMethod.Telefon, new DateTime(2026, 12, 2, 9, 0, 0), true, new string('å', 2001)));
            Assert.Equal(TaskField.Note, note.Field);
        }
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task AlreadyDone_CompletingOrContactingAgain_SaysSoAndChangesNothing()
    {
        await using (var db = _database.CreateContext())
        {
            await Cases(db).CompleteTaskAsync(_checklistTaskId, "mentor-1", "Första gången.", Today);
            await Cases(db).RecordContactAsync(_contactTaskId, "mentor-1", ContactMethod.Mote, new DateTime(2026, 12, 2, 8, 0, 0), true, "Möte.");
        }
        await using (var db = _database.CreateContext())
        {
            var again = await Assert.ThrowsAsync<CaseActionException>(() => Cases(db).CompleteTaskAsync(_checklistTaskId, "mentor-2", "Andra gången.", Today));
            Assert.Equal(CaseService.AlreadyDone, again.Message);
            var contact = await Assert.ThrowsAsync<CaseActionException>(() =>
                Cases(db).RecordContactAsync(_contactTaskId, "mentor-2", ContactMethod.Sms, new DateTime(2026, 12, 2, 9, 0, 0), false, null));
            Assert.Equal(CaseService.AlreadyDone, contact.Message);
        }
        await using var check = _database.CreateContext();
        Assert.Equal("Första gången.", (await check.Tasks.SingleAsync(t => t.Id == _checklistTaskId)).Note);
        Assert.Equal(1, await check.ContactAttempts.CountAsync());
    }

    [Fact]
    public async Task CompleteTaskAsync_TwoAtOnce_OneWins_TheOtherIsToldItIsDone()
    {
        // Both requests have read the task as open before either saves.
        await using var first = _database.CreateContext();
        await using var second = _database.CreateContext();
        var firstTask = await first.Tasks.SingleAsync(t => t.Id == _checklistTaskId);
        var secondTask = await second.Tasks.SingleAsync(t => t.Id == _checklistTaskId);
        Assert.Equal(CaseTaskStatus.Open, secondTask.Status);

        await Cases(first).CompleteTaskAsync(_checklistTaskId, "mentor-1", "Första fliken.", Today);
        var error = await Assert.ThrowsAsync<CaseActionException>(() => Cases(second).CompleteTaskAsync(_checklistTaskId, "mentor-1", "Andra fliken.", Today));

        Assert.Equal(CaseService.AlreadyDone, error.Message);
        await using var check = _database.CreateContext();
        Assert.Equal("Första fliken.", (await check.Tasks.SingleAsync(t => t.Id == _checklistTaskId)).Note);
        Assert.Equal(1, await check.CaseEvents.CountAsync());
        Assert.Empty(second.ChangeTracker.Entries());
    }

    [Fact]
    public async Task RecordContactAsync_OnATaskThatIsNoContact_IsRefused()
    {
        await using (var db = _database.CreateContext())
            await Assert.ThrowsAsync<CaseActionException>(() =>
                Cases(db).RecordContactAsync(_checklistTaskId, "m", ContactMethod.Telefon, new DateTime(2026, 12, 2, 9, 0, 0), true, null));
        await AssertUnchangedAsync();
    }

    private async Task AssertUnchangedAsync()
    {
        await using var check = _database.CreateContext();
        Assert.All(await check.Tasks.ToListAsync(), t => Assert.Equal((CaseTaskStatus.Open, (DateOnly?)null, (string?)null), (t.Status, t.DoneOn, t.Note)));
        Assert.Equal(0, await check.ContactAttempts.CountAsync());
        Assert.Equal(0, await check.CaseEvents.CountAsync());
    }
}
