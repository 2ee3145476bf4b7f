using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>Step 2: the mentor's weekly list of mentees who had absence the week before, and the talk log.</summary>
public class WeeklyTalkListTests
{
    [Fact]
    public async Task ListAsync_OnlyMenteesWithAbsenceLastWeek_AndTheLoggedTalk()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var lastWeek = SchoolBuilder.Weekdays(new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 13)).ToList();
        var absent = b.Pupil("W-1");
        var present = b.Pupil("W-2");
        var unreportedOnly = b.Pupil("W-3");
        var earlier = b.Pupil("W-4");
        foreach (var d in lastWeek)
        {
            b.Day(absent, d, d == lastWeek[2] ? [AttendanceType.Late] : []);
            b.Day(present, d);
            b.Day(unreportedOnly, d, [AttendanceType.NotReported]);
        }
        b.Day(earlier, new DateOnly(2026, 11, 6), [AttendanceType.Invalid]); // the week before last
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var mentorId = await db.Users.Select(u => u.Id).SingleAsync();
        var talks = new WeeklyTalkService(db);

        var list = await talks.ListAsync(mentorId, new DateOnly(2026, 11, 18));
        var item = Assert.Single(list);
        Assert.Equal("W-1", item.ExternalId);
        Assert.Equal(10, item.AbsentMinutes);
        Assert.Null(item.Logged);

        await talks.LogAsync(item.PupilId, mentorId, new DateOnly(2026, 11, 17), "Pratade om sovvanor.");
        var logged = Assert.Single(await talks.ListAsync(mentorId, new DateOnly(2026, 11, 20))).Logged;
        Assert.NotNull(logged);
        Assert.Equal(new DateOnly(2026, 11, 16), logged.WeekStart);
        Assert.Equal("Pratade om sovvanor.", logged.Note);
    }
}
