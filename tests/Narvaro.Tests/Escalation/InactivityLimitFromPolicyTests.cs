using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>The rector's queue marks a case past the huvudman's inactivity limit (PolicySettings.InactivityLimitDays), not a constant.</summary>
public sealed class InactivityLimitFromPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Theory]
    [InlineData(14, false)]
    [InlineData(7, true)]
    [InlineData(8, false)]
    public async Task QueueAsync_CaseWithoutActionFor8Days_PastLimitOnlyWhenLimitBelow8(int limit, bool past)
    {
        await using var database = await TestDatabase.CreateAsync();
        string rectorId;
        await using (var db = database.CreateContext())
        {
            var builder = new SchoolBuilder();
            var pupil = builder.Pupil("ATTA");
            foreach (var day in SchoolBuilder.Weekdays(new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 1)))
                builder.Day(pupil, day, AttendanceType.Invalid);
            await builder.SaveAsync(db);
            var school = await db.Schools.Include(s => s.Organisation).SingleAsync();
            var rector = StaffAccounts.NewUser("rektor@test.se", "Rut Rektor");
            db.Users.Add(rector);
            db.RoleAssignments.Add(new RoleAssignment { UserId = rector.Id, Role = StaffRoles.Rektor, OrganisationId = school.OrganisationId, SchoolId = school.Id });
            db.Cases.Add(new AbsenceCase { PupilId = pupil.Id, OpenedOn = Today.AddDays(-8), Step = 3 });
            school.Organisation!.Policy.InactivityLimitDays = limit;
            await db.SaveChangesAsync();
            rectorId = rector.Id;
        }

        await using var read = database.CreateContext();
        var queue = await new EscalationQueueService(read, new StoppedClock(Now)).QueueAsync(rectorId, EscalationFilter.None, 1);

        var row = Assert.Single(queue.Rows);
        Assert.Equal(8, row.DaysWithoutAction);
        Assert.Equal(past, row.PastInactivityLimit);
        Assert.Equal(limit, queue.InactivityLimitDays);
    }
}
