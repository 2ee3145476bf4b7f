using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Two rectors working in one case at once, on real SQLite through <see cref="CaseWorkService"/>: each change raises
/// the version; a change posted with the version seen before another rector's change is refused with the Swedish
/// message, even when both read the case before either saved (the version is EF's concurrency token); nothing of the
/// first change is lost.
/// </summary>
public sealed class TwoRectorsOnOneCaseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);

    private TestDatabase _database = null!;
    private int _caseId;
    private int _skolsocialId;
    private readonly StaffUser _first = StaffAccounts.NewUser("rektor1@test.se", "Rut Rektor");
    private readonly StaffUser _second = StaffAccounts.NewUser("rektor2@test.se", "Bo Biträdande");
    private readonly StaffUser _kurator = StaffAccounts.NewUser("kurator@test.se", "Kim Kurator");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var builder = new SchoolBuilder();
        var pupil = builder.Pupil("E1");
        await builder.SaveAsync(db);
        db.Users.AddRange(_first, _second, _kurator);
        var school = await db.Schools.SingleAsync();
        foreach (var (user, role) in new[] { (_first, StaffRoles.Rektor), (_second, StaffRoles.Rektor), (_kurator, StaffRoles.Skolkurator) })
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrganisationId = school.OrganisationId, SchoolId = school.Id, GrantedAt = Now.UtcDateTime });
        var @case = new AbsenceCase { PupilId = pupil.Id, OpenedOn = Today.AddDays(-5), Step = 4 };
        db.Cases.Add(@case);
        var skolsocial = new CaseTask
        {
            PupilId = pupil.Id, Case = @case, Code = TaskCatalog.S4Skolsocial, Role = nameof(TaskRole.Rektor), RaisedOn = Today.AddDays(-5), Due = Today.AddDays(-2),
        };
        db.Tasks.AddRange(skolsocial, new CaseTask
        {
            PupilId = pupil.Id, Case = @case, Code = TaskCatalog.S4Huvudman, Role = nameof(TaskRole.Rektor), RaisedOn = Today.AddDays(-5), Due = Today.AddDays(-2),
        });
        await db.SaveChangesAsync();
        (_caseId, _skolsocialId) = (@case.Id, skolsocial.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static CaseWorkService Work(NarvaroDbContext db)
    {
        var clock = new StoppedClock(Now);
        return new CaseWorkService(db, new CaseService(db, clock),
            new DocumentDataService(db, Services.Measures(db), NullLogger<DocumentDataService>.Instance), new AuditTrail(db, clock), clock);
    }

    [Fact]
    public async Task RecordReport_ThenAssignWithTheOldVersion_IsRefused_TheReportKept()
    {
        await using (var db = _database.CreateContext())
            await Work(db).RecordReportAsync(_caseId, 0, new ReportInput(CaseReportKind.Huvudman, Today, "Huvudmannen", "Dnr 1"), _second.Id);

        await using (var db = _database.CreateContext())
        {
            var e = await Assert.ThrowsAsync<StaleCaseException>(() => Work(db).AssignAsync(_caseId, 0, _skolsocialId, _kurator.Id, _first.Id));
            Assert.StartsWith("Ärendet har ändrats av någon annan", e.Message);
        }

        await using var check = _database.CreateContext();
        var @case = await check.Cases.Include(c => c.Tasks).SingleAsync(c => c.Id == _caseId);
        Assert.Equal(1, @case.Version);
        Assert.Null(@case.Tasks.Single(t => t.Id == _skolsocialId).AssigneeUserId);
        Assert.Equal(CaseTaskStatus.Done, @case.Tasks.Single(t => t.Code == TaskCatalog.S4Huvudman).Status);
        Assert.Single(await check.CaseReports.Where(r => r.CaseId == _caseId).ToListAsync());
    }

    [Fact]
    public async Task BothReadVersion0_BothSave_TheSecondSaveIsRefusedByTheConcurrencyToken()
    {
        await using var firstDb = _database.CreateContext();
        await using var secondDb = _database.CreateContext();
        // Both rectors' requests have loaded the case (version 0) before either saves.
        await firstDb.Cases.SingleAsync(c => c.Id == _caseId);
        await secondDb.Cases.SingleAsync(c => c.Id == _caseId);

        await Work(secondDb).AssignAsync(_caseId, 0, _skolsocialId, _kurator.Id, _second.Id);
        await Assert.ThrowsAsync<StaleCaseException>(() =>
            Work(firstDb).RecordReportAsync(_caseId, 0, new ReportInput(CaseReportKind.Huvudman, Today, "Huvudmannen", null), _first.Id));

        await using var check = _database.CreateContext();
        Assert.Equal(1, await check.Cases.Where(c => c.Id == _caseId).Select(c => c.Version).SingleAsync());
        Assert.Equal(_kurator.Id, await check.Tasks.Where(t => t.Id == _skolsocialId).Select(t => t.AssigneeUserId).SingleAsync());
        Assert.Empty(await check.CaseReports.Where(r => r.CaseId == _caseId).ToListAsync());
    }
}
