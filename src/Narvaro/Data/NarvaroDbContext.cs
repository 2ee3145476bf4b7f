using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Narvaro.Domain;

namespace Narvaro.Data;

public class NarvaroDbContext(DbContextOptions<NarvaroDbContext> options) : IdentityDbContext<StaffUser>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<SchoolClass> Classes => Set<SchoolClass>();
    public DbSet<Pupil> Pupils => Set<Pupil>();
    public DbSet<Guardian> Guardians => Set<Guardian>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<AttendanceRecord> Attendance => Set<AttendanceRecord>();
    public DbSet<AttendanceDay> AttendanceDays => Set<AttendanceDay>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<AbsenceCase> Cases => Set<AbsenceCase>();
    public DbSet<CaseTask> Tasks => Set<CaseTask>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<CaseDocument> CaseDocuments => Set<CaseDocument>();
    public DbSet<WeeklyTalk> WeeklyTalks => Set<WeeklyTalk>();
    public DbSet<WeeklyTalkVersion> WeeklyTalkVersions => Set<WeeklyTalkVersion>();
    public DbSet<ContactAttempt> ContactAttempts => Set<ContactAttempt>();
    public DbSet<ChecklistRecord> Checklists => Set<ChecklistRecord>();
    public DbSet<PolicyTaskSetting> PolicyTasks => Set<PolicyTaskSetting>();
    public DbSet<EvaluationRun> EvaluationRuns => Set<EvaluationRun>();
    public DbSet<CaseReport> CaseReports => Set<CaseReport>();
    public DbSet<EhtMeeting> EhtMeetings => Set<EhtMeeting>();
    public DbSet<EhtEvaluation> EhtEvaluations => Set<EhtEvaluation>();
    public DbSet<KartlaggningRecord> Kartlaggningar => Set<KartlaggningRecord>();
    public DbSet<SstReferral> SstReferrals => Set<SstReferral>();
    public DbSet<DigestDelivery> DigestDeliveries => Set<DigestDelivery>();
    public DbSet<StaffInvitation> StaffInvitations => Set<StaffInvitation>();
    public DbSet<PolicyChange> PolicyChanges => Set<PolicyChange>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Every DateTime the app keeps is UTC (…AtUtc, DateTime.UtcNow). PostgreSQL stores them as timestamptz, which
        // Npgsql accepts only with Kind=Utc: the kind is stated on the way in (a value read back from SQLite, or built
        // by hand, is Unspecified) and on the way out. SQLite and SQL Server keep the values as they are.
        if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(NarvaroDbContext).Assembly);
    }
}
