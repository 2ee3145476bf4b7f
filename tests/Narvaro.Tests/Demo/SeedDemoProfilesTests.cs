using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Demo;

/// <summary>One demo huvudman of 120 pupils, seeded once, read back from the stored rows.</summary>
public sealed class SeededDemoFixture : IAsyncLifetime
{
    public static readonly DateOnly From = new(2026, 9, 1);
    public static readonly DateOnly To = new(2026, 10, 30);
    public static readonly DemoSeedOptions Options = new() { Pupils = 120, From = From, To = To, Seed = 4711 };

    public TestDatabase Database { get; private set; } = null!;
    public DemoSeedResult Result { get; private set; } = null!;
    public List<AttendanceRecord> Rows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using var db = Database.CreateContext();
        Result = await new DemoSeeder(db, TimeProvider.System).SeedAsync(Options);
        await using var read = Database.CreateContext();
        Rows = await read.Attendance.AsNoTracking().ToListAsync();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

public class SeedDemoProfilesTests(SeededDemoFixture fixture) : IClassFixture<SeededDemoFixture>
{
    private static readonly DateOnly WindowStart = SeededDemoFixture.To.AddDays(-29);

    private sealed record WindowMeasure(int PupilId, long Reported, long Absent, int Late, int LongestInvalidStreak)
    {
        public double Percent => Reported == 0 ? 0 : 100.0 * Absent / Reported;
    }

    /// <summary>The staircase-rules.md measures over the last 30 days, computed the plain way.</summary>
    private List<WindowMeasure> Measures() =>
        fixture.Rows.Where(r => r.Date >= WindowStart && r.Date <= SeededDemoFixture.To)
            .GroupBy(r => r.PupilId)
            .Select(g =>
            {
                var reported = g.Where(r => r.Type != AttendanceType.NotReported).ToList();
                var streak = 0;
                var longest = 0;
                foreach (var day in g.GroupBy(r => r.Date).OrderBy(d => d.Key))
                {
                    var dayReported = day.Where(r => r.Type != AttendanceType.NotReported).ToList();
                    if (dayReported.Count == 0) continue;
                    streak = dayReported.All(r => r.Type == AttendanceType.Invalid) ? streak + 1 : 0;
                    longest = Math.Max(longest, streak);
                }
                return new WindowMeasure(g.Key, reported.Sum(r => (long)r.ScheduledMinutes), reported.Sum(r => (long)r.AbsentMinutes),
                    g.Count(r => r.Type == AttendanceType.Late), longest);
            })
            .ToList();

    [Fact]
    public void Seed_Result_CountsWhatWasStored()
    {
        Assert.Equal(120, fixture.Result.Pupils);
        Assert.True(fixture.Result.Schools >= 2);
        Assert.Equal(fixture.Rows.Count, fixture.Result.AttendanceRows);
        Assert.Equal(SeededDemoFixture.From, fixture.Result.From);
        Assert.Equal(SeededDemoFixture.To, fixture.Result.To);
        Assert.Equal(120, fixture.Rows.Select(r => r.PupilId).Distinct().Count());
    }

    [Fact]
    public void Seed_AbsenceBands_EveryStepHasPupils()
    {
        var measures = Measures();
        Assert.Contains(measures, m => m.Absent == 0);
        Assert.Contains(measures, m => m.Percent > 0 && m.Percent < 10);
        Assert.Contains(measures, m => m.Percent >= 10 && m.Percent < 15);
        Assert.Contains(measures, m => m.Percent >= 15 && m.Percent <= 20);
        Assert.Contains(measures, m => m.Percent > 20 && m.Percent < 100);
        Assert.Contains(measures, m => m.Reported > 0 && m.Absent == m.Reported);
    }

    [Fact]
    public void Seed_CompleteAbsence_EveryRowOfThePupilIsAbsent()
    {
        var complete = fixture.Rows.GroupBy(r => r.PupilId)
            .Where(g => g.All(r => r.Type is AttendanceType.Valid or AttendanceType.Invalid && r.AbsentMinutes == r.ScheduledMinutes))
            .ToList();
        Assert.NotEmpty(complete);
    }

    [Fact]
    public void Seed_ContinuousInvalid_StreakAboveTenSchoolDaysEndingNearTo()
    {
        var measures = Measures();
        var streaks = measures.Where(m => m.LongestInvalidStreak > 10).ToList();
        Assert.NotEmpty(streaks);
        var lastSchoolDay = SwedishSchoolCalendar.SchoolDays(SeededDemoFixture.From, SeededDemoFixture.To).Last();
        // The streak is still going, or ended at most a few school days before the last date.
        foreach (var m in streaks)
        {
            var lastInvalidDay = fixture.Rows.Where(r => r.PupilId == m.PupilId && r.Type == AttendanceType.Invalid).Max(r => r.Date);
            Assert.True(SwedishSchoolCalendar.CountSchoolDays(lastInvalidDay, lastSchoolDay) <= 3);
        }
    }

    [Fact]
    public void Seed_LateArrivals_BothThresholdsReached()
    {
        var measures = Measures();
        Assert.Contains(measures, m => m.Late >= 6);
        Assert.Contains(measures, m => m.Late is >= 3 and <= 5);
        Assert.All(fixture.Rows.Where(r => r.Type == AttendanceType.Late),
            r => Assert.InRange(r.AbsentMinutes, 5, 20));
    }

    [Fact]
    public void Seed_WeekdayPattern_AbsenceConcentratedOnOneWeekday()
    {
        var measures = Measures().Where(m => m.Percent >= 10 && m.Percent < 15).Select(m => m.PupilId).ToHashSet();
        var concentrated = fixture.Rows
            .Where(r => measures.Contains(r.PupilId) && r.Date >= WindowStart && r.AbsentMinutes > 0)
            .GroupBy(r => r.PupilId)
            .Where(g => g.GroupBy(r => r.Date.DayOfWeek).Max(d => d.Sum(r => r.AbsentMinutes)) >= 0.8 * g.Sum(r => r.AbsentMinutes))
            .ToList();
        Assert.NotEmpty(concentrated);
        Assert.Contains(concentrated, g => g.All(r => r.Type == AttendanceType.Invalid));
    }

    [Fact]
    public void Seed_SubjectPattern_AbsenceConcentratedInOneSubject()
    {
        var measures = Measures().Where(m => m.Percent >= 10 && m.Percent < 15).Select(m => m.PupilId).ToHashSet();
        var concentrated = fixture.Rows
            .Where(r => measures.Contains(r.PupilId) && r.Date >= WindowStart && r.AbsentMinutes > 0)
            .GroupBy(r => r.PupilId)
            .Where(g => g.GroupBy(r => r.Subject).Max(s => s.Sum(r => r.AbsentMinutes)) >= 0.8 * g.Sum(r => r.AbsentMinutes));
        Assert.NotEmpty(concentrated);
    }

    [Fact]
    public void Seed_LeaveAndUnreported_RowsPresentWithTheRightMinutes()
    {
        var leave = fixture.Rows.Where(r => r.Type == AttendanceType.Leave).ToList();
        Assert.NotEmpty(leave);
        Assert.All(leave, r => Assert.Equal(r.ScheduledMinutes, r.AbsentMinutes));
        // Leave comes as whole, consecutive school days.
        Assert.All(leave.GroupBy(r => (r.PupilId, r.Date)), day =>
            Assert.Equal(fixture.Rows.Count(r => r.PupilId == day.Key.PupilId && r.Date == day.Key.Date), day.Count()));

        var unreported = fixture.Rows.Where(r => r.Type == AttendanceType.NotReported).ToList();
        Assert.NotEmpty(unreported);
        Assert.All(unreported, r => Assert.Equal(0, r.AbsentMinutes));
    }

    [Fact]
    public void Seed_AbsentMinutes_FollowTheType()
    {
        Assert.All(fixture.Rows, r =>
        {
            Assert.Equal(r.ScheduledMinutes, (int)(r.End - r.Start).TotalMinutes);
            switch (r.Type)
            {
                case AttendanceType.Present or AttendanceType.NotReported:
                    Assert.Equal(0, r.AbsentMinutes);
                    break;
                case AttendanceType.Valid or AttendanceType.Invalid or AttendanceType.Leave:
                    Assert.Equal(r.ScheduledMinutes, r.AbsentMinutes);
                    break;
                case AttendanceType.Late:
                    Assert.InRange(r.AbsentMinutes, 1, r.ScheduledMinutes - 1);
                    break;
            }
        });
    }

    [Fact]
    public void Seed_Dates_OnlySchoolDaysInTheRange()
    {
        var dates = fixture.Rows.Select(r => r.Date).Distinct().ToList();
        Assert.All(dates, d => Assert.True(SwedishSchoolCalendar.IsSchoolDay(d), $"{d} is not a school day"));
        Assert.DoesNotContain(dates, d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.DoesNotContain(dates, d => d >= new DateOnly(2026, 10, 26) && d <= new DateOnly(2026, 10, 30));
        Assert.All(dates, d => Assert.InRange(d, SeededDemoFixture.From, SeededDemoFixture.To));
        Assert.Equal(SwedishSchoolCalendar.CountSchoolDays(SeededDemoFixture.From, SeededDemoFixture.To), dates.Count);
    }

    [Fact]
    public void Seed_Timetables_LessonsPerDayDependOnGrade()
    {
        using var db = fixture.Database.CreateContext();
        var grades = db.Pupils.AsNoTracking().ToDictionary(p => p.Id, p => p.GradeLevel);
        var perDay = fixture.Rows.GroupBy(r => (r.PupilId, r.Date)).Select(g => (Grade: grades[g.Key.PupilId], Lessons: g.Count())).ToList();
        Assert.All(perDay.Where(d => d.Grade is "F" or "1" or "2" or "3"), d => Assert.InRange(d.Lessons, 4, 5));
        Assert.All(perDay.Where(d => d.Grade is "7" or "8" or "9"), d => Assert.InRange(d.Lessons, 6, 7));
        Assert.Contains(fixture.Rows, r => r.Subject == "Idrott och hälsa");
        Assert.Contains(fixture.Rows, r => r.Subject == "Hem- och konsumentkunskap");
    }

    [Fact]
    public async Task Seed_Classes_EveryClassHasOneMentorInTheMentorRole()
    {
        await using var db = fixture.Database.CreateContext();
        var classes = await db.Classes.AsNoTracking().ToListAsync();
        var pupils = await db.Pupils.AsNoTracking().ToListAsync();
        Assert.All(classes, c =>
        {
            var mentors = pupils.Where(p => p.ClassId == c.Id).Select(p => p.MentorId).Distinct().ToList();
            var mentor = Assert.Single(mentors);
            Assert.NotNull(mentor);
            // A mentor holds no assignment: the mentor relation on the pupils is all the access they have.
            Assert.False(db.RoleAssignments.Any(a => a.UserId == mentor));
        });
        Assert.Contains(classes, c => c.Name == "F A");
        Assert.Contains(classes, c => c.Name == "7A");
        Assert.Equal(classes.Count, pupils.Select(p => p.MentorId).Distinct().Count());
    }

    [Fact]
    public async Task Seed_Staff_EveryRoleCanSignInWithTheDemoPassword()
    {
        await using var db = fixture.Database.CreateContext();
        var hasher = new PasswordHasher<StaffUser>();
        Assert.Equal(StaffRoles.All.OrderBy(r => r), fixture.Result.Logins.Select(l => l.Role).OrderBy(r => r));
        foreach (var login in fixture.Result.Logins)
        {
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == login.Email.ToUpperInvariant());
            Assert.NotNull(user.PasswordHash);
            Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash!, DemoSeeder.DemoPassword));
            Assert.Equal([login.Role], await StaffAccess.RolesAsync(db, user.Id));
            Assert.EndsWith("@sjovik.demo", login.Email);
        }
        // Every school has its own rector and student-health staff.
        var schools = await db.Schools.CountAsync();
        foreach (var role in new[] { StaffRoles.Rektor, StaffRoles.Skolkurator, StaffRoles.Specialpedagog, StaffRoles.Skolskoterska, StaffRoles.Skolpsykolog })
            Assert.Equal(schools, await db.RoleAssignments.CountAsync(a => a.Role == role && a.SchoolId != null));
        foreach (var role in StaffRoles.OrganisationWide)
            Assert.Equal(1, await db.RoleAssignments.CountAsync(a => a.Role == role && a.SchoolId == null));
    }

    [Fact]
    public async Task Seed_Pupils_SwedishIdentitiesAndGuardians()
    {
        await using var db = fixture.Database.CreateContext();
        var pupils = await db.Pupils.AsNoTracking().Include(p => p.Guardians).ToListAsync();
        Assert.All(pupils, p =>
        {
            Assert.InRange(p.Guardians.Count, 1, 2);
            Assert.All(p.Guardians, g => Assert.Matches(@"^07\d-", g.Phone!));
            Assert.Contains(p.GradeLevel, new[] { "F", "1", "2", "3", "4", "5", "6", "7", "8", "9" });
            if (p.PersonalIdentityNumber is not null)
                Assert.True(PersonalIdentity.HasValidCheckDigit(p.PersonalIdentityNumber), p.PersonalIdentityNumber);
        });
        Assert.True(pupils.Count(p => p.PersonalIdentityNumber is not null) >= pupils.Count * 9 / 10);
        Assert.Contains(pupils, p => p.ProtectedIdentity);
        Assert.True(pupils.Count(p => p.ProtectedIdentity) <= pupils.Count / 20);
        Assert.Equal(pupils.Count, pupils.Select(p => p.ExternalId).Distinct().Count());
        var organisation = await db.Organisations.SingleAsync();
        Assert.Equal("Sjöviks kommun", organisation.Name);
        Assert.Equal(PolicyKind.Trosa, organisation.Policy.Kind);
        Assert.All(await db.Schools.ToListAsync(), s => Assert.Matches(@"^\d{8}$", s.SchoolUnitCode));
    }

    [Fact]
    public async Task Seed_SameSeed_SameData()
    {
        await using var other = await TestDatabase.CreateAsync();
        await using (var db = other.CreateContext())
            await new DemoSeeder(db, TimeProvider.System).SeedAsync(SeededDemoFixture.Options);

        await using var first = fixture.Database.CreateContext();
        await using var second = other.CreateContext();
        static Task<List<string>> Pupils(Narvaro.Data.NarvaroDbContext db) => db.Pupils.OrderBy(p => p.Id)
            .Select(p => p.Id + p.ExternalId + p.FirstName + p.LastName + p.PersonalIdentityNumber + p.ClassId + p.MentorId).ToListAsync();
        Assert.Equal(await Pupils(first), await Pupils(second));

        var otherRows = await second.Attendance.AsNoTracking().ToListAsync();
        static string Key(AttendanceRecord r) => $"{r.PupilId}|{r.Date}|{r.Start}|{r.End}|{r.Subject}|{r.Type}|{r.AbsentMinutes}";
        Assert.Equal(fixture.Rows.Select(Key).Order(), otherRows.Select(Key).Order());
    }

    [Fact]
    public async Task Seed_DatabaseWithPupils_IsRefusedAndUnchanged()
    {
        await using var db = fixture.Database.CreateContext();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DemoSeeder(db, TimeProvider.System).SeedAsync(SeededDemoFixture.Options with { Seed = 1 }));
        Assert.Contains("redan elever", ex.Message);
        Assert.Equal(120, await db.Pupils.CountAsync());
        Assert.Equal(fixture.Rows.Count, await db.Attendance.CountAsync());
    }
}
