using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>A huvudman's own thresholds and task list, saved through PolicyAdministration: refused when they make no sense, used by the evaluation when stored.</summary>
public class HuvudmanPolicyTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 30);

    private static async Task<TestDatabase> PupilAt12PercentAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var pupil = b.Pupil("P-1");
        var days = SchoolBuilder.Weekdays(new DateOnly(2026, 10, 1), AsOf).ToList(); // 22 days, 110 lessons
        // 11 lessons of leave (10 %) and 2 of giltig absence: 11.8 % with leave counted, 1.8 % without.
        for (var n = 0; n < days.Count; n++)
            b.Day(pupil, days[n], n % 2 == 0 ? [AttendanceType.Leave] : n == 1 ? [AttendanceType.Present, AttendanceType.Valid, AttendanceType.Valid] : []);
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        return database;
    }

    private static PolicyAdministration Administration(Narvaro.Data.NarvaroDbContext db) =>
        new(db, new Narvaro.Audit.AuditTrail(db, TimeProvider.System), TimeProvider.System);

    /// <summary>The current policy's task rows with one task's role and days replaced.</summary>
    private static IReadOnlyList<PolicyTaskRow> TasksWith(string code, TaskRole role, int dueDays) =>
        PolicyAdministration.Rows([]).Select(t => t.Code == code ? t with { Role = role, DueDays = dueDays } : t).ToList();

    [Fact]
    public async Task SaveAsync_ThresholdsOutOfOrderOrUnknownTask_IsRefusedAndNothingChanges()
    {
        await using var database = await PupilAt12PercentAsync();
        await using var db = database.CreateContext();
        var organisation = await db.Organisations.SingleAsync();

        var bad = new PolicySettings { ChecklistThresholdPercent = 20m, StudentHealthThresholdPercent = 15m, SkolchefThresholdPercent = 25m };
        var tasks = PolicyAdministration.Rows([]).Append(new PolicyTaskRow("NOPE", "?", "?", TaskRole.Mentor, 1)).ToList();
        var result = await Administration(db).SaveAsync(organisation.Id, "admin-1", new PolicySnapshot(bad, tasks));
        Assert.Contains(result.Errors, e => e.Message.Contains("steg 4"));
        Assert.Contains(result.Errors, e => e.Field == "Task:NOPE");
        Assert.Null(result.Change);

        await using var fresh = database.CreateContext();
        Assert.Equal(10m, (await fresh.Organisations.SingleAsync()).Policy.ChecklistThresholdPercent);
        Assert.Empty(await fresh.PolicyTasks.ToListAsync());
        Assert.Empty(await fresh.PolicyChanges.ToListAsync());
    }

    [Fact]
    public async Task SaveAsync_DueDaysAboveTheLimit_IsRefused()
    {
        await using var database = await PupilAt12PercentAsync();
        await using var db = database.CreateContext();
        var organisation = await db.Organisations.SingleAsync();

        var result = await Administration(db).SaveAsync(organisation.Id, "admin-1", new PolicySnapshot(PolicySettings.Trosa(),
            TasksWith(TaskCatalog.S3Checklist, TaskRole.Rektor, PolicyAdministration.MaxDueDays + 1)));
        Assert.Equal(("Task:" + TaskCatalog.S3Checklist), Assert.Single(result.Errors).Field);
        Assert.Empty(await db.PolicyTasks.ToListAsync());
    }

    [Fact]
    public async Task Evaluation_LeaveNotCounted_PupilUnder10Percent()
    {
        await using var database = await PupilAt12PercentAsync();
        await using (var db = database.CreateContext())
        {
            var organisation = await db.Organisations.SingleAsync();
            var saved = await Administration(db).SaveAsync(organisation.Id, "admin-1",
                new PolicySnapshot(new PolicySettings { CountApprovedLeave = false }, PolicyAdministration.Rows([])));
            Assert.NotNull(saved.Change);
        }
        await using (var db = database.CreateContext())
        {
            await Services.Evaluator(db).EvaluateAsync(AsOf, "test");
            Assert.Empty(await db.Cases.ToListAsync());
        }
    }

    [Fact]
    public async Task Evaluation_OwnTaskRoleAndDueOffset_AreUsed()
    {
        await using var database = await PupilAt12PercentAsync();
        await using (var db = database.CreateContext())
        {
            var organisation = await db.Organisations.SingleAsync();
            var saved = await Administration(db).SaveAsync(organisation.Id, "admin-1",
                new PolicySnapshot(PolicySettings.Trosa(), TasksWith(TaskCatalog.S3Checklist, TaskRole.Rektor, 5)));
            Assert.NotNull(saved.Change);
        }
        await using (var db = database.CreateContext())
        {
            await Services.Evaluator(db).EvaluateAsync(AsOf, "test");
            var tasks = await db.Tasks.ToDictionaryAsync(t => t.Code);
            Assert.Equal(("Rektor", AsOf.AddDays(5)), (tasks[TaskCatalog.S3Checklist].Role, tasks[TaskCatalog.S3Checklist].Due));
            Assert.Equal(("Mentor", AsOf.AddDays(7)), (tasks[TaskCatalog.S3Followup].Role, tasks[TaskCatalog.S3Followup].Due));
        }
    }

    [Fact]
    public async Task CaseService_RecordConcernTwice_SecondIsRefused()
    {
        await using var database = await PupilAt12PercentAsync();
        await using var db = database.CreateContext();
        await Services.Evaluator(db).EvaluateAsync(AsOf, "test");
        var caseId = await db.Cases.Select(c => c.Id).SingleAsync();
        var cases = new CaseService(db, TimeProvider.System);

        await cases.RecordConcernAsync(caseId, "rektor-1", AsOf.AddDays(1));
        var s7 = await db.Tasks.SingleAsync(t => t.Code == TaskCatalog.S7Concern);
        Assert.Equal(("Rektor", AsOf.AddDays(8)), (s7.Role, s7.Due));
        var again = await Assert.ThrowsAsync<CaseActionException>(() => cases.RecordConcernAsync(caseId, "rektor-1", AsOf.AddDays(2)));
        Assert.Contains("redan", again.Message);
        Assert.Contains(await db.CaseEvents.Where(e => e.CaseId == caseId).ToListAsync(), e => e.Kind == CaseEventKind.ConcernRecorded && e.UserId == "rektor-1");
    }
}
