using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Tests.Infrastructure;

/// <summary>Builds one huvudman with one school, one class and a mentor, and gives pupils lesson rows day by day.</summary>
public sealed class SchoolBuilder
{
    public const int LessonMinutes = 60;
    public static readonly TimeOnly[] LessonStarts = [new(8, 0), new(9, 10), new(10, 20), new(12, 30), new(13, 40)];

    private readonly List<AttendanceRecord> _rows = [];
    private readonly List<Pupil> _pupils = [];
    private readonly School _school;
    private readonly SchoolClass _class;
    private readonly StaffUser _mentor;

    public SchoolBuilder(PolicySettings? policy = null)
    {
        var organisation = new Organisation { Name = "Testkommun", Policy = policy ?? PolicySettings.Trosa() };
        _school = new School { Organisation = organisation, SchoolUnitCode = "11112222", Name = "Testskolan" };
        _class = new SchoolClass { School = _school, Name = "8A" };
        _mentor = StaffAccounts.NewUser("mentor@test.se", "Maria Mentor");
    }

    public Pupil Pupil(string externalId)
    {
        var pupil = new Pupil
        {
            ExternalId = externalId, FirstName = "Elev", LastName = externalId, GradeLevel = "8",
            School = _school, Class = _class, Mentor = _mentor,
        };
        _pupils.Add(pupil);
        return pupil;
    }

    /// <summary>One school day of five 60-minute lessons; <paramref name="types"/> gives each lesson's type (default present).</summary>
    public SchoolBuilder Day(Pupil pupil, DateOnly date, params AttendanceType[] types)
    {
        for (var i = 0; i < LessonStarts.Length; i++)
        {
            var type = i < types.Length ? types[i] : AttendanceType.Present;
            var absent = type switch
            {
                AttendanceType.Present or AttendanceType.NotReported => 0,
                AttendanceType.Late => 10,
                _ => LessonMinutes,
            };
            _rows.Add(new AttendanceRecord
            {
                Pupil = pupil, Date = date, Start = LessonStarts[i], End = LessonStarts[i].AddMinutes(LessonMinutes),
                ScheduledMinutes = LessonMinutes, Subject = "Matematik", AbsentMinutes = absent, Type = type,
            });
        }
        return this;
    }

    /// <summary>The same whole day on every date.</summary>
    public SchoolBuilder Days(Pupil pupil, IEnumerable<DateOnly> dates, AttendanceType wholeDay) =>
        dates.Aggregate(this, (b, d) => b.Day(pupil, d, Enumerable.Repeat(wholeDay, LessonStarts.Length).ToArray()));

    public async Task SaveAsync(NarvaroDbContext db)
    {
        db.Users.Add(_mentor);
        db.AddRange(_pupils);
        db.Attendance.AddRange(_rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Monday to Friday in [from, to], except the given holidays.</summary>
    public static IEnumerable<DateOnly> Weekdays(DateOnly from, DateOnly to, params DateOnly[] except)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !except.Contains(d))
                yield return d;
    }
}
