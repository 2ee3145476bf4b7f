using Microsoft.EntityFrameworkCore;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Staff;
using Narvaro.StudentHealth;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.StudentHealth;

/// <summary>
/// The SST referral on real SQLite: consents, the referral refused without both, S5-SST completed, stale versions
/// refused with nothing changed, and the yearly group-level follow-up (no names) per school and in total.
/// </summary>
public sealed class SstReferralAndYearlyFollowUpTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2027, 3, 10);
    private TestDatabase _database = null!;
    private readonly StoppedClock _clock = new(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero));
    private string _rectorId = null!;
    private string _kuratorId = null!;
    private readonly List<int> _cases = [];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var school = new SchoolBuilder();
        var pupils = Enumerable.Range(1, 5).Select(i => school.Pupil($"S{i}")).ToList();
        await school.SaveAsync(db);
        var rector = StaffAccounts.NewUser("rektor@test.se", "Rut Rektor");
        var kurator = StaffAccounts.NewUser("kurator@test.se", "Kim Kurator");
        db.Users.AddRange(rector, kurator);
        var schoolEntity = await db.Schools.SingleAsync();
        db.RoleAssignments.AddRange(
            new RoleAssignment { UserId = rector.Id, Role = StaffRoles.Rektor, OrganisationId = schoolEntity.OrganisationId, SchoolId = schoolEntity.Id },
            new RoleAssignment { UserId = kurator.Id, Role = StaffRoles.Skolkurator, OrganisationId = schoolEntity.OrganisationId, SchoolId = schoolEntity.Id });
        foreach (var (pupil, i) in pupils.Select((p, i) => (p, i)))
        {
            var @case = db.Cases.Add(new AbsenceCase { PupilId = pupil.Id, OpenedOn = new DateOnly(2026, 1, 10), Step = i == 4 ? 4 : 5 }).Entity;
            db.Tasks.Add(new CaseTask { PupilId = pupil.Id, Case = @case, Code = TaskCatalog.S5Sst, Role = "Rektor", RaisedOn = new DateOnly(2026, 1, 10), Due = new DateOnly(2026, 1, 17) });
        }
        await db.SaveChangesAsync();
        (_rectorId, _kuratorId) = (rector.Id, kurator.Id);
        _cases.AddRange(await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private SstService Service(NarvaroDbContext db) => new(db, new AuditTrail(db, _clock), _clock);

    private async Task<T> WithAsync<T>(Func<SstService, Task<T>> action)
    {
        await using var db = _database.CreateContext();
        return await action(Service(db));
    }

    [Fact]
    public async Task Refer_OnlyGuardianConsent_RefusedNamingThePupilsConsent_NothingChanged()
    {
        var id = _cases[0];
        await WithAsync(s => s.RecordGuardianConsentAsync(id, _rectorId, 0, Today.AddDays(-3), ConsentMethod.Papper));
        var refused = await Assert.ThrowsAsync<SstException>(() => WithAsync(s => s.ReferAsync(id, _rectorId, 1, Today)));
        Assert.Contains("elevens skriftliga samtycke saknas", refused.Message);
        Assert.Equal(SstField.ReferredOn, refused.Field);

        await using var db = _database.CreateContext();
        var referral = await db.SstReferrals.SingleAsync(r => r.CaseId == id);
        Assert.Equal((1, (DateOnly?)null), (referral.Version, referral.ReferredOn));
        Assert.Equal(CaseTaskStatus.Open, (await db.Tasks.SingleAsync(t => t.CaseId == id)).Status);
    }

    [Fact]
    public async Task Refer_BothConsents_CompletesS5Sst_LogsEvents_RaisesVersions_Audits()
    {
        var id = _cases[0];
        await WithAsync(s => s.RecordGuardianConsentAsync(id, _rectorId, 0, Today.AddDays(-3), ConsentMethod.Papper));
        await WithAsync(s => s.RecordPupilConsentAsync(id, _rectorId, 1, Today.AddDays(-2), ConsentMethod.Elektroniskt));
        var text = await WithAsync(s => s.ReferAsync(id, _rectorId, 2, Today.AddDays(-1)));
        Assert.Equal("Remiss till skolsociala teamet skickad 9 mars 2027.", text);
        await WithAsync(s => s.StartAsync(id, _rectorId, 3, Today));

        await using var db = _database.CreateContext();
        var referral = await db.SstReferrals.SingleAsync(r => r.CaseId == id);
        Assert.Equal((4, Today.AddDays(-1), Today, _rectorId), (referral.Version, referral.ReferredOn, referral.StartedOn, referral.ReferredByUserId));
        Assert.Equal((ConsentMethod.Papper, ConsentMethod.Elektroniskt), (referral.GuardianConsentMethod, referral.PupilConsentMethod));
        var task = await db.Tasks.SingleAsync(t => t.CaseId == id);
        Assert.Equal((CaseTaskStatus.Done, Today.AddDays(-1), _rectorId), (task.Status, task.DoneOn, task.DoneByUserId));
        Assert.Equal(4, (await db.Cases.SingleAsync(c => c.Id == id)).Version);
        Assert.Equal(4, await db.CaseEvents.CountAsync(e => e.CaseId == id && e.Kind == CaseEventKind.SstReferral));
        Assert.Equal(4, await db.AuditLog.CountAsync(a => a.UserId == _rectorId && a.Action == SstService.ChangedAction));
    }

    [Fact]
    public async Task Change_StaleVersion_RefusedWithTheMessage_NothingChanged()
    {
        var id = _cases[1];
        await WithAsync(s => s.RecordGuardianConsentAsync(id, _rectorId, 0, Today, ConsentMethod.Post));
        var stale = await Assert.ThrowsAsync<SstException>(() => WithAsync(s => s.RecordPupilConsentAsync(id, _rectorId, 0, Today, ConsentMethod.Post)));
        Assert.Equal(SstService.StaleMessage, stale.Message);
        Assert.StartsWith("Remissen har ändrats av någon annan", stale.Message);
        await using var db = _database.CreateContext();
        var referral = await db.SstReferrals.SingleAsync(r => r.CaseId == id);
        Assert.Equal((1, (DateOnly?)null), (referral.Version, referral.PupilConsentOn));
    }

    [Fact]
    public async Task Start_BeforeTheReferral_Refused_AndStep4_Refused_AndNonRector_Null()
    {
        var id = _cases[2];
        await WithAsync(s => s.RecordGuardianConsentAsync(id, _rectorId, 0, Today.AddDays(-5), ConsentMethod.Papper));
        await WithAsync(s => s.RecordPupilConsentAsync(id, _rectorId, 1, Today.AddDays(-5), ConsentMethod.Papper));
        await WithAsync(s => s.ReferAsync(id, _rectorId, 2, Today.AddDays(-2)));
        var early = await Assert.ThrowsAsync<SstException>(() => WithAsync(s => s.StartAsync(id, _rectorId, 3, Today.AddDays(-3))));
        Assert.Equal("Startdatumet kan inte vara före 8 mars 2027, då remissen skickades. Ändra datumet.", early.Message);

        var step4 = await Assert.ThrowsAsync<SstException>(() => WithAsync(s => s.RecordGuardianConsentAsync(_cases[4], _rectorId, 0, Today, ConsentMethod.Papper)));
        Assert.StartsWith("Ärendet är på steg 4.", step4.Message);
        Assert.Null(await WithAsync(s => s.RecordGuardianConsentAsync(id, _kuratorId, 3, Today, ConsentMethod.Papper)));

        var future = await Assert.ThrowsAsync<SstException>(() => WithAsync(s => s.RecordGuardianConsentAsync(_cases[3], _rectorId, 0, Today.AddDays(1), ConsentMethod.Papper)));
        Assert.Equal(SstField.GuardianConsentOn, future.Field);
        await using var db = _database.CreateContext();
        Assert.False(await db.SstReferrals.AnyAsync(r => r.CaseId == _cases[3] || r.CaseId == _cases[4]));
    }

    [Fact]
    public async Task YearlyFollowUp_PerSchoolAndTotal_CountsDurationsAndOutcomes_NoNames()
    {
        await using (var db = _database.CreateContext())
        {
            // Two ended in 2026 (90 and 183 days), one started in 2026 still running, one referred in 2026 without the pupil's consent (legacy row), one of 2025.
            db.SstReferrals.AddRange(
                Referral(_cases[0], new(2026, 1, 20), new(2026, 2, 1), new(2026, 5, 2), SstOutcome.MalUppnatt),
                Referral(_cases[1], new(2026, 3, 1), new(2026, 3, 1), new(2026, 8, 31), SstOutcome.DelvisUppnatt),
                Referral(_cases[2], new(2026, 10, 1), new(2026, 10, 15), null, null),
                Referral(_cases[3], new(2025, 11, 1), new(2025, 11, 5), new(2026, 1, 31), SstOutcome.MalUppnatt));
            var legacy = Referral(_cases[4], new(2026, 6, 1), null, null, null);
            legacy.PupilConsentOn = null;
            db.SstReferrals.Add(legacy);
            await db.SaveChangesAsync();
        }
        await using var read = _database.CreateContext();
        var orgId = await read.Organisations.Select(o => o.Id).SingleAsync();

        var year = await new SstService(read, new AuditTrail(read, _clock), _clock).YearlyFollowUpAsync(orgId, 2026);

        Assert.Equal(["Testskolan", "Totalt"], year.Select(y => y.SchoolName));
        var total = year[^1];
        Assert.Null(total.SchoolId);
        Assert.Equal((2026, 4, 3, 3, 3), (total.Year, total.Referrals, total.WithBothConsents, total.Started, total.Ended));
        Assert.Equal(90, total.MedianDays);
        Assert.Equal((90 + 183 + 87) / 3.0, total.MeanDays!.Value, 6);
        Assert.Equal(2, total.Outcomes[SstOutcome.MalUppnatt]);
        Assert.Equal(1, total.Outcomes[SstOutcome.DelvisUppnatt]);
        Assert.NotNull(year[0].SchoolId);
        Assert.Equal((4, 3, 3, 3, 90.0), (year[0].Referrals, year[0].WithBothConsents, year[0].Started, year[0].Ended, year[0].MedianDays));
    }

    [Fact]
    public void Summarise_EvenCountMedian_AndEmptyYear()
    {
        var rows = new[]
        {
            new SstFollowUpRow(1, "A", new(2026, 1, 1), new(2026, 1, 1), new(2026, 1, 2), new(2026, 1, 10), new(2026, 1, 20), SstOutcome.EjUppnatt),
            new SstFollowUpRow(1, "A", new(2026, 1, 1), new(2026, 1, 1), new(2026, 1, 2), new(2026, 1, 10), new(2026, 2, 9), SstOutcome.Flyttat),
        };
        var total = SstService.Summarise(rows, 2026)[^1];
        Assert.Equal((20.0, 20.0), (total.MedianDays, total.MeanDays));
        var empty = Assert.Single(SstService.Summarise(rows, 2030));
        Assert.Equal((0, null), (empty.Referrals, empty.MedianDays));
    }

    private SstReferral Referral(int caseId, DateOnly referred, DateOnly? started, DateOnly? ended, SstOutcome? outcome) => new()
    {
        CaseId = caseId, GuardianConsentOn = referred.AddDays(-2), GuardianConsentMethod = ConsentMethod.Papper,
        PupilConsentOn = referred.AddDays(-1), PupilConsentMethod = ConsentMethod.Papper, ReferredOn = referred, ReferredByUserId = _rectorId,
        StartedOn = started, EndedOn = ended, Outcome = outcome, ClosingEvaluation = ended is null ? null : "Utvärdering", Version = 1,
        CreatedAtUtc = DateTime.UtcNow,
    };
}
