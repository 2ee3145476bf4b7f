using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Tests.Access;

/// <summary>
/// The migration that replaced global roles and school memberships with per-school assignments converts existing
/// data without widening anyone, and closes the import leak in data that already has it.
/// </summary>
public sealed class RoleAssignmentsMigrationTests : IAsyncDisposable
{
    private const string BeforeAssignments = "20261122212347_AddCaseDocuments";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"narvaro-migration-{Guid.NewGuid():N}.db");

    private NarvaroDbContext CreateContext() => new(DatabaseServiceCollectionExtensions.CreateOptions(
        DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()));

    [Fact]
    public async Task Migrate_OldRolesAndMemberships_BecomeAssignmentsNoWiderThanBefore()
    {
        await using (var db = CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeAssignments);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Organisations (Id, Name, PolicyKind, ChecklistThresholdPercent, StudentHealthThresholdPercent,
                  SkolchefThresholdPercent, WindowDays, MinSchoolDays, CountApprovedLeave, ContinuousInvalidSchoolDays,
                  LateContactThreshold, LateReportThreshold)
                VALUES (1, 'Ekstads kommun', 0, '10', '15', '20', 30, 10, 0, 10, 3, 5);
                INSERT INTO Schools (Id, OrganisationId, SchoolUnitCode, Name) VALUES (1, 1, '11111111', 'Ekskolan'), (2, 1, '22222222', 'Björkskolan');
                INSERT INTO Classes (Id, SchoolId, Name) VALUES (1, 1, '7A'), (2, 2, '9C');
                INSERT INTO AspNetUsers (Id, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed,
                  PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ('kurator', 'Kim Kurator', 'k@e.se', 'K@E.SE', 'k@e.se', 'K@E.SE', 1, 0, 0, 1, 0),
                       ('rektor', 'Rut Rektor', 'r@e.se', 'R@E.SE', 'r@e.se', 'R@E.SE', 1, 0, 0, 1, 0),
                       ('mentor', 'Mia Mentor', 'm@e.se', 'M@E.SE', 'm@e.se', 'M@E.SE', 1, 0, 0, 1, 0),
                       ('skolchef', 'Sam Chef', 's@e.se', 'S@E.SE', 's@e.se', 'S@E.SE', 1, 0, 0, 1, 0),
                       ('sska', 'Siv Sköterska', 'x@e.se', 'X@E.SE', 'x@e.se', 'X@E.SE', 1, 0, 0, 1, 0);
                INSERT INTO Pupils (Id, ExternalId, FirstName, LastName, GradeLevel, SchoolId, ClassId, MentorId, ProtectedIdentity)
                VALUES (1, 'E1', 'Åsa', 'Öberg', '7', 1, 1, 'mentor', 0),
                       (2, 'B1', 'Bo', 'Björk', '9', 2, 2, 'kurator', 0),
                       (3, 'B2', 'Cilla', 'Lund', '9', 2, 2, 'sska', 0);
                -- the kurator of Ekskolan, named mentor of a Björkskolan pupil by an import: Mentor role + a membership there
                INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ('kurator', 'role-skolkurator'), ('kurator', 'role-mentor'),
                  ('rektor', 'role-rektor'), ('mentor', 'role-mentor'), ('skolchef', 'role-skolchef'),
                  ('sska', 'role-skolskoterska'), ('sska', 'role-mentor');
                INSERT INTO SchoolMemberships (UserId, SchoolId) VALUES ('kurator', 1), ('kurator', 2), ('rektor', 1), ('rektor', 2),
                  ('mentor', 1), ('skolchef', 1), ('sska', 2);
                """);
        }

        await using (var db = CreateContext())
            await db.Database.MigrateAsync();

        await using var check = CreateContext();
        var assignments = await check.RoleAssignments
            .Select(a => a.UserId + " " + a.Role + " " + (a.SchoolId == null ? "huvudman " + a.OrganisationId : "skola " + a.SchoolId))
            .ToListAsync();
        Assert.Equal(
            [
                "kurator Skolkurator skola 1",   // not Björkskolan: that membership only came from being named mentor there
                "rektor Rektor skola 1", "rektor Rektor skola 2",
                "skolchef Skolchef huvudman 1",
                "sska Skolskoterska skola 2",    // mentor at her only school: kept, nothing else explains the membership
            ],
            assignments.Order(StringComparer.Ordinal));
        Assert.Empty(await check.UserRoles.ToListAsync());
        Assert.Equal([StaffRoles.Mentor, StaffRoles.Skolkurator], await StaffAccess.RolesAsync(check, "kurator"));
        Assert.Equal([StaffRoles.Mentor], await StaffAccess.RolesAsync(check, "mentor"));
        Assert.Empty(await StaffAccess.SchoolsOf(check, "mentor").ToListAsync());
        Assert.Equal([1, 2], await StaffAccess.SchoolsOf(check, "skolchef").Select(s => s.Id).OrderBy(i => i).ToListAsync());
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }
}
