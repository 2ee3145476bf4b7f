using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Demo;

/// <summary>What to generate. Dates default to the 30 school days before today.</summary>
public sealed record DemoSeedOptions
{
    public int Pupils { get; init; } = 600;
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Random seed: the same options give the same data.</summary>
    public int Seed { get; init; } = 20261122;
}

/// <summary>A demo account that can sign in.</summary>
public sealed record DemoLogin(string Email, string Role, string School);

public sealed record DemoSeedResult(
    int Schools, int Classes, int Pupils, int Guardians, int StaffUsers, long AttendanceRows,
    DateOnly From, DateOnly To, IReadOnlyList<DemoLogin> Logins, TimeSpan Elapsed);

/// <summary>
/// Builds the synthetic demo huvudman "Sjöviks kommun": schools F–9, classes, pupils with guardians, staff in every
/// role, timetables and one attendance row per pupil and lesson, with absence profiles covering every step of the
/// action plan (see <see cref="AbsenceProfile"/>). Everything is written in one transaction, so a failure leaves
/// the database as it was. Attendance rows are generated pupil by pupil and streamed to the database in key order;
/// on SQLite pupils go in through prepared commands and the load runs with <see cref="SqliteBulkSettings"/>
/// (100 000 pupils, 16.7 million rows: about 1 minute). Other providers use EF for everything but attendance.
/// </summary>
public sealed class DemoSeeder(NarvaroDbContext db, TimeProvider clock)
{
    /// <summary>The password of every demo account (development only).</summary>
    public const string DemoPassword = "Narvaro-demo-2026!";

    /// <summary>Without --from, the range holds this many school days.</summary>
    public const int DefaultSchoolDays = 30;

    private const int EntityChunk = 2_000;

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        var (from, to) = ResolveRange(options);
        if (await db.Pupils.AnyAsync(cancellationToken))
            throw new InvalidOperationException(
                "Databasen innehåller redan elever. Demokommunen kan bara skapas i en databas utan elever.");

        var plan = DemoPlan.Create(options.Pupils, options.Seed, from, to);

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync(cancellationToken);
        var sqliteSettings = db.Database.IsSqlite() ? await SqliteBulkSettings.ApplyAsync(db, cancellationToken) : null;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await AddSchoolsAsync(plan, cancellationToken);
            await AddEhtMeetingsAsync(plan, from, to, cancellationToken);
            var (staffCount, logins) = await AddStaffAsync(plan, cancellationToken);
            var (pupilIds, guardians) = await AddPupilsAsync(plan, cancellationToken);
            var dropped = sqliteSettings is not null
                ? await SqliteBulkSettings.DropSecondaryIndexesAsync(db, "Attendance", cancellationToken)
                : [];
            var rows = await AttendanceWriter.InsertNewAsync(db, Attendance(plan, pupilIds), cancellationToken);
            foreach (var sql in dropped)
                await SqliteBulkSettings.ExecuteAsync(db, sql, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            return new DemoSeedResult(plan.Schools.Count, plan.Classes.Count(), plan.PupilCount, guardians, staffCount, rows,
                from, to, logins, clock.GetElapsedTime(started));
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            if (sqliteSettings is not null)
                await sqliteSettings.RestoreAsync(db, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private (DateOnly From, DateOnly To) ResolveRange(DemoSeedOptions options)
    {
        if (options.Pupils < 1)
            throw new ArgumentException("Antalet elever måste vara minst 1.");
        var to = options.To ?? SwedishTime.Yesterday(clock);
        var from = options.From ?? SwedishSchoolCalendar.StartOfSchoolDays(to, DefaultSchoolDays);
        if (from > to)
            throw new ArgumentException($"Startdatumet {from:yyyy-MM-dd} ligger efter slutdatumet {to:yyyy-MM-dd}.");
        if (!SwedishSchoolCalendar.SchoolDays(from, to).Any())
            throw new ArgumentException($"Perioden {from:yyyy-MM-dd}–{to:yyyy-MM-dd} innehåller inga skoldagar.");
        return (from, to);
    }

    private async Task AddSchoolsAsync(DemoPlan plan, CancellationToken cancellationToken)
    {
        var organisation = new Organisation { Name = DemoNames.Municipality, Policy = PolicySettings.Trosa() };
        var schools = new List<(SchoolPlan Plan, School Entity, List<SchoolClass> Classes)>();
        foreach (var schoolPlan in plan.Schools)
        {
            var school = new School { Organisation = organisation, SchoolUnitCode = schoolPlan.UnitCode, Name = schoolPlan.Name };
            var classes = schoolPlan.Classes.Select(c => new SchoolClass { School = school, Name = c.Name }).ToList();
            school.Classes.AddRange(classes);
            organisation.Schools.Add(school);
            schools.Add((schoolPlan, school, classes));
        }
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        plan.OrganisationId = organisation.Id;

        foreach (var (schoolPlan, school, classes) in schools)
        {
            schoolPlan.Id = school.Id;
            for (var c = 0; c < classes.Count; c++)
                schoolPlan.Classes[c].Id = classes[c].Id;
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Each school's EHT meets every second Tuesday from the demo's first day through a month after its last, so the
    /// demo EHT has a next meeting with an agenda (/eht). Dates only: deterministic for the same range.
    /// </summary>
    private async Task AddEhtMeetingsAsync(DemoPlan plan, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var dates = EhtMeetingDates(from, to).ToList();
        var createdAt = clock.GetUtcNow().UtcDateTime;
        foreach (var school in plan.Schools)
            db.EhtMeetings.AddRange(dates.Select(on => new EhtMeeting { SchoolId = school.Id, On = on, CreatedAtUtc = createdAt }));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Every second Tuesday from the first Tuesday on or after <paramref name="from"/> through a month after <paramref name="to"/>.</summary>
    public static IEnumerable<DateOnly> EhtMeetingDates(DateOnly from, DateOnly to)
    {
        var first = from.AddDays(((int)DayOfWeek.Tuesday - (int)from.DayOfWeek + 7) % 7);
        for (var day = first; day <= to.AddMonths(1); day = day.AddDays(14))
            yield return day;
    }

    private async Task<(int Count, IReadOnlyList<DemoLogin> Logins)> AddStaffAsync(DemoPlan plan, CancellationToken cancellationToken)
    {
        var random = DemoRandom.For(plan.Seed, DemoRandom.Staff, 0);
        // PBKDF2 with Identity's iteration count takes tens of milliseconds; thousands of mentors share one hash
        // of the one demo password (the hash embeds its salt, so every account still verifies).
        var passwordHash = StaffAccounts.NewUser("demo@" + DemoNames.StaffDomain, "", DemoPassword).PasswordHash;
        var allSchools = plan.Schools.Select(s => s.Id).ToArray();
        var users = new List<(StaffUser User, string Role, int[] Schools)>();
        var grantedAt = clock.GetUtcNow().UtcDateTime;

        StaffUser NewStaff(string localPart, string role, params int[] schools)
        {
            var woman = random.Next(2) == 0;
            var name = $"{random.Pick(woman ? DemoNames.AdultWomenNames : DemoNames.AdultMenNames)} {random.Pick(DemoNames.LastNames)}";
            var user = StaffAccounts.NewUser($"{localPart}@{DemoNames.StaffDomain}", name);
            user.Id = NewGuid(random);
            user.PasswordHash = passwordHash;
            user.EmailConfirmed = true;
            user.OrganisationId = plan.OrganisationId;
            users.Add((user, role, schools));
            return user;
        }

        var logins = new List<DemoLogin>();
        const string allSchoolsLabel = "Alla skolor";
        logins.Add(Login(NewStaff("admin", StaffRoles.Admin, allSchools), StaffRoles.Admin, allSchoolsLabel));
        logins.Add(Login(NewStaff("skolchef", StaffRoles.Skolchef, allSchools), StaffRoles.Skolchef, allSchoolsLabel));
        foreach (var school in plan.Schools)
        {
            var first = school.Index == 0;
            var perSchool = new (string LocalPart, string Role)[]
            {
                ("rektor", StaffRoles.Rektor), ("kurator", StaffRoles.Skolkurator), ("specialpedagog", StaffRoles.Specialpedagog),
                ("skolskoterska", StaffRoles.Skolskoterska), ("skolpsykolog", StaffRoles.Skolpsykolog),
            };
            foreach (var (localPart, role) in perSchool)
            {
                var user = NewStaff($"{localPart}.{school.Slug}", role, school.Id);
                if (first) logins.Add(Login(user, role, school.Name));
            }
            foreach (var schoolClass in school.Classes)
            {
                var mentor = NewStaff($"mentor.{DemoNames.Slug(schoolClass.Name)}.{school.Slug}", StaffRoles.Mentor, school.Id);
                schoolClass.MentorId = mentor.Id;
                if (schoolClass == plan.ShowcaseClass) logins.Insert(3, Login(mentor, StaffRoles.Mentor, school.Name));
            }
        }

        foreach (var chunk in users.Chunk(EntityChunk))
        {
            foreach (var (user, role, schools) in chunk)
            {
                db.Users.Add(user);
                // Mentors hold no assignment: being named on their class's pupils is what lets them in.
                if (StaffRoles.OrganisationWide.Contains(role))
                    db.RoleAssignments.Add(new RoleAssignment
                    {
                        UserId = user.Id, Role = role, OrganisationId = plan.OrganisationId, GrantedAt = grantedAt, GrantedBy = GrantedBy,
                    });
                else if (role != StaffRoles.Mentor)
                    db.RoleAssignments.AddRange(schools.Select(id => new RoleAssignment
                    {
                        UserId = user.Id, Role = role, OrganisationId = plan.OrganisationId, SchoolId = id, GrantedAt = grantedAt, GrantedBy = GrantedBy,
                    }));
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return (users.Count, logins);
    }

    private const string GrantedBy = "demo";

    private static DemoLogin Login(StaffUser user, string role, string school) => new(user.Email!, role, school);

    /// <summary>Reproducible ids, so the same seed gives the same mentor ids on pupils.</summary>
    private static string NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private async Task<(int[] PupilIds, int Guardians)> AddPupilsAsync(DemoPlan plan, CancellationToken cancellationToken)
    {
        var ids = new int[plan.PupilCount];
        var guardians = 0;
        if (db.Database.IsSqlite())
        {
            using var writer = SqlitePupilWriter.Create(db);
            foreach (var schoolClass in plan.Classes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = schoolClass.FirstPupil; i < schoolClass.FirstPupil + schoolClass.PupilCount; i++)
                {
                    var pupil = plan.CreatePupil(i, schoolClass);
                    guardians += pupil.Guardians.Count;
                    ids[i] = writer.Insert(pupil);
                }
            }
            return (ids, guardians);
        }

        var pending = new List<(int Index, Pupil Pupil)>(EntityChunk);
        foreach (var schoolClass in plan.Classes)
        {
            for (var i = schoolClass.FirstPupil; i < schoolClass.FirstPupil + schoolClass.PupilCount; i++)
            {
                var pupil = plan.CreatePupil(i, schoolClass);
                guardians += pupil.Guardians.Count;
                db.Pupils.Add(pupil);
                pending.Add((i, pupil));
                if (pending.Count == EntityChunk)
                    await SavePupilsAsync(pending, ids, cancellationToken);
            }
        }
        await SavePupilsAsync(pending, ids, cancellationToken);
        return (ids, guardians);
    }

    private async Task SavePupilsAsync(List<(int Index, Pupil Pupil)> pending, int[] ids, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (index, pupil) in pending)
            ids[index] = pupil.Id;
        pending.Clear();
        db.ChangeTracker.Clear();
    }

    /// <summary>Every pupil's rows, pupil by pupil in (date, start) order: the table's key order. Streams; nothing is kept.</summary>
    private static IEnumerable<AttendanceRecord> Attendance(DemoPlan plan, int[] pupilIds)
    {
        var planner = new AbsencePlanner();
        foreach (var schoolClass in plan.Classes)
        {
            var schedule = schoolClass.Schedule;
            for (var i = schoolClass.FirstPupil; i < schoolClass.FirstPupil + schoolClass.PupilCount; i++)
            {
                planner.Plan(schedule, plan.ProfileOf(i), DemoRandom.For(plan.Seed, DemoRandom.PupilAbsence, i));
                for (var k = 0; k < schedule.LessonCount; k++)
                {
                    var lesson = schedule.Lessons[k];
                    yield return new AttendanceRecord
                    {
                        PupilId = pupilIds[i],
                        Date = schedule.Days[schedule.LessonDay[k]],
                        Start = lesson.Start,
                        End = lesson.End,
                        ScheduledMinutes = lesson.Minutes,
                        Subject = lesson.Subject,
                        AbsentMinutes = planner.AbsentMinutesOf(k),
                        Type = planner.TypeOf(k),
                    };
                }
            }
        }
    }
}
