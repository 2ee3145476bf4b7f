using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Step 2: the mentor's list for one ISO week of the mentees who had absence that week, with its figures, and the
/// talk log (logging completes S5-WEEKLY, editing keeps the earlier version).
/// </summary>
public class WeeklyTalkListTests
{
    private static readonly IsoWeek Week47 = new(2026, 47); // 16–22 Nov 2026
    // Wednesday 25 Nov 2026, 10:00 in Stockholm.
    private static readonly StoppedClock Clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private static WeeklyTalkInput Talk(string note, DateOnly? heldOn = null, int? version = null) =>
        new(heldOn ?? new DateOnly(2026, 11, 23), TalkParticipants.Elev, note, "Ringer hem på fredag.", new DateOnly(2026, 11, 30), version);

    [Fact]
    public async Task ListAsync_OnlyMenteesWithAbsenceThatWeek_WithLessonsMinutesAndInvalid()
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var week = SchoolBuilder.Weekdays(Week47.Monday, Week47.Sunday).ToList();
        var absent = b.Pupil("W-1");
        var present = b.Pupil("W-2");
        var unreportedOnly = b.Pupil("W-3");
        var weekBefore = b.Pupil("W-4");
        var weekAfter = b.Pupil("W-5");
        foreach (var d in week)
        {
            b.Day(present, d);
            b.Day(unreportedOnly, d, [AttendanceType.NotReported]);
        }
        b.Day(absent, week[0], [AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Valid]);
        b.Day(absent, week[2], [AttendanceType.Late]);
        b.Day(absent, week[4], [AttendanceType.NotReported, AttendanceType.Leave]);
        b.Day(weekBefore, new DateOnly(2026, 11, 15), [AttendanceType.Invalid]); // Sunday of week 46
        b.Day(weekAfter, new DateOnly(2026, 11, 23), [AttendanceType.Invalid]); // Monday of week 48
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var mentorId = await db.Users.Select(u => u.Id).SingleAsync();

        var item = Assert.Single(await Services.WeeklyTalks(db, Clock).ListAsync(mentorId, Week47));

        Assert.Equal("W-1", item.ExternalId);
        Assert.Equal(5, item.LessonsWithAbsence); // 2 ogiltig + 1 giltig + 1 sen + 1 ledighet
        Assert.Equal(60 + 60 + 60 + 10 + 60, item.AbsentMinutes);
        Assert.Equal(120, item.InvalidMinutes);
        Assert.Equal(14 * 60, item.ReportedMinutes); // 15 lessons, one not reported
        Assert.Null(item.Logged);
    }

    [Fact]
    public async Task WeekAsync_AuditsEveryPupilShown()
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        b.Day(b.Pupil("W-1"), Week47.Monday, [AttendanceType.Invalid]);
        b.Day(b.Pupil("W-2"), Week47.Monday.AddDays(1), [AttendanceType.Valid]);
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var mentorId = await db.Users.Select(u => u.Id).SingleAsync();

        var shown = await Services.WeeklyTalks(db, Clock).WeekAsync(mentorId, Week47);

        Assert.Equal(2, shown.Pupils.Count);
        var entries = await db.AuditLog.Where(a => a.Action == WeeklyTalkService.ViewedAction).ToListAsync();
        Assert.Equal(shown.Pupils.Select(p => (int?)p.PupilId).Order(), entries.Select(e => e.PupilId).Order());
        Assert.All(entries, e => Assert.Equal(mentorId, e.UserId));
    }

    [Fact]
    public async Task SaveAsync_Edit_KeepsTheEarlierVersionWithWhoAndWhen_AndBumpsTheVersion()
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var pupil = b.Pupil("W-1");
        b.Day(pupil, Week47.Monday, [AttendanceType.Invalid]);
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var mentorId = await db.Users.Select(u => u.Id).SingleAsync();
        var firstSave = new StoppedClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

        var first = await Services.WeeklyTalks(db, firstSave).SaveAsync(mentorId, pupil.Id, Week47, Talk("Pratade om sovvanor."));
        Assert.IsType<WeeklyTalkSaveResult.Saved>(first);
        var second = await Services.WeeklyTalks(db, Clock).SaveAsync(mentorId, pupil.Id, Week47,
            Talk("Pratade om sovvanor och bussen.", new DateOnly(2026, 11, 24), version: 1));

        var saved = Assert.IsType<WeeklyTalkSaveResult.Saved>(second);
        Assert.True(saved.Edited);
        db.ChangeTracker.Clear();
        var talk = await db.WeeklyTalks.Include(t => t.EarlierVersions).SingleAsync();
        Assert.Equal(Week47.Monday, talk.WeekStart);
        Assert.Equal(2, talk.Version);
        Assert.Equal("Pratade om sovvanor och bussen.", talk.Note);
        Assert.Equal(new DateOnly(2026, 11, 24), talk.HeldOn);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, talk.LoggedAtUtc);
        var earlier = Assert.Single(talk.EarlierVersions);
        Assert.Equal(1, earlier.Version);
        Assert.Equal("Pratade om sovvanor.", earlier.Note);
        Assert.Equal(new DateOnly(2026, 11, 23), earlier.HeldOn);
        Assert.Equal(mentorId, earlier.SavedByUserId);
        Assert.Equal(firstSave.GetUtcNow().UtcDateTime, earlier.SavedAtUtc);
        Assert.Equal([WeeklyTalkService.LoggedAction, WeeklyTalkService.EditedAction],
            await db.AuditLog.Where(a => a.PupilId == pupil.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

        // A stale form (version 1 again) is refused and changes nothing.
        var stale = await Services.WeeklyTalks(db, Clock).SaveAsync(mentorId, pupil.Id, Week47, Talk("Gammal flik.", version: 1));
        Assert.IsType<WeeklyTalkSaveResult.Invalid>(stale);
        db.ChangeTracker.Clear();
        Assert.Equal(2, (await db.WeeklyTalks.SingleAsync()).Version);
    }

    [Theory]
    [InlineData("2026-11-26", null, "HeldOn")]   // in the future (today is 25 Nov)
    [InlineData("2026-11-15", null, "HeldOn")]   // before week 47 began
    [InlineData("2026-11-23", "2026-11-20", "NextFollowUp")] // follow-up before the talk
    [InlineData("2026-11-23", null, "Note")]     // over-long text
    public async Task SaveAsync_BadInput_ChangesNothing(string heldOn, string? nextFollowUp, string field)
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var pupil = b.Pupil("W-1");
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var mentorId = await db.Users.Select(u => u.Id).SingleAsync();
        var note = field == "Note" ? new string('x', WeeklyTalkRule.MaxTextLength + 1) : "Pratade.";

        var result = await Services.WeeklyTalks(db, Clock).SaveAsync(mentorId, pupil.Id, Week47,
            new WeeklyTalkInput(DateOnly.Parse(heldOn), TalkParticipants.Bada, note, null,
                nextFollowUp is null ? null : DateOnly.Parse(nextFollowUp)));

        var invalid = Assert.IsType<WeeklyTalkSaveResult.Invalid>(result);
        Assert.Equal(field, Assert.Single(invalid.Errors).Key);
        Assert.False(await db.WeeklyTalks.AnyAsync());
        Assert.False(await db.AuditLog.AnyAsync());
    }

    [Fact]
    public async Task SaveAsync_AnotherMentorsPupil_NotFoundAndNothingSaved()
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var pupil = b.Pupil("W-1");
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var other = Narvaro.Staff.StaffAccounts.NewUser("annan@test.se", "Annan Mentor");
        db.Users.Add(other);
        await db.SaveChangesAsync();

        var result = await Services.WeeklyTalks(db, Clock).SaveAsync(other.Id, pupil.Id, Week47, Talk("Försök."));

        Assert.IsType<WeeklyTalkSaveResult.NotFound>(result);
        Assert.False(await db.WeeklyTalks.AnyAsync());
    }
}
