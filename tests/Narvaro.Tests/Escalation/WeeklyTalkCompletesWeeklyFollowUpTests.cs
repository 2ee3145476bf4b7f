using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Logging a weekly talk completes the open S5-WEEKLY task of that week: the task the real evaluator raised on D
/// (RaisedOn = D, Due = D+7) is followed up by the talk about the week containing D, or a later week.
/// </summary>
public class WeeklyTalkCompletesWeeklyFollowUpTests
{
    [Fact]
    public async Task SaveAsync_TalkAboutTheWeekTheTaskWasRaised_CompletesS5Weekly_AnEarlierWeekDoesNot()
    {
        await using var database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var pupil = b.Pupil("S5-1");
        b.Days(pupil, SchoolBuilder.Weekdays(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 18)), AttendanceType.Valid);
        await using var db = database.CreateContext();
        await b.SaveAsync(db);
        var mentorId = await db.Users.Select(u => u.Id).SingleAsync();
        var raisedOn = new DateOnly(2026, 11, 18); // Wednesday of week 47
        await Services.Evaluator(db).EvaluateAsync(raisedOn, "test");
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Code == TaskCatalog.S5Weekly);
        Assert.Equal(raisedOn, task.RaisedOn);
        Assert.Equal(raisedOn.AddDays(7), task.Due);
        var clock = new StoppedClock(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var talks = Services.WeeklyTalks(db, clock);

        // The talk about week 46, held before the task was raised, is not its follow-up.
        var week46 = await talks.SaveAsync(mentorId, pupil.Id, new IsoWeek(2026, 46),
            new WeeklyTalkInput(new DateOnly(2026, 11, 16), TalkParticipants.Elev, "Om vecka 46.", null, null));
        Assert.Equal(0, Assert.IsType<WeeklyTalkSaveResult.Saved>(week46).CompletedTasks);
        Assert.Equal(CaseTaskStatus.Open, (await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id)).Status);

        var week47 = await talks.SaveAsync(mentorId, pupil.Id, new IsoWeek(2026, 47),
            new WeeklyTalkInput(new DateOnly(2026, 11, 23), TalkParticipants.Bada, "Om vecka 47.", "Kontakt med EHT.", null));

        Assert.Equal(1, Assert.IsType<WeeklyTalkSaveResult.Saved>(week47).CompletedTasks);
        db.ChangeTracker.Clear();
        var done = await db.Tasks.SingleAsync(t => t.Id == task.Id);
        Assert.Equal(CaseTaskStatus.Done, done.Status);
        Assert.Equal(new DateOnly(2026, 11, 23), done.DoneOn);
        Assert.Equal(mentorId, done.DoneByUserId);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, done.DoneAtUtc);
        Assert.Contains(await db.CaseEvents.Where(e => e.CaseId == task.CaseId).Select(e => e.Text).ToListAsync(),
            t => t.Contains(TaskCatalog.S5Weekly) && t.Contains("Veckosamtal vecka 47"));
        // Other tasks of the case are not touched.
        Assert.All(await db.Tasks.Where(t => t.Code != TaskCatalog.S5Weekly).ToListAsync(), t => Assert.Equal(CaseTaskStatus.Open, t.Status));

        // Editing the talk later completes nothing more.
        var edit = await talks.SaveAsync(mentorId, pupil.Id, new IsoWeek(2026, 47),
            new WeeklyTalkInput(new DateOnly(2026, 11, 23), TalkParticipants.Bada, "Om vecka 47, rättat.", null, null, 1));
        Assert.Equal(0, Assert.IsType<WeeklyTalkSaveResult.Saved>(edit).CompletedTasks);
    }

    [Theory]
    [InlineData("2026-11-18", "2026-11-23", true)]  // raised in week 47, talk held after: its follow-up
    [InlineData("2026-11-10", "2026-11-23", true)]  // raised earlier and still open: followed up now
    [InlineData("2026-11-23", "2026-11-24", false)] // raised in week 48: waits for the talk about week 48
    [InlineData("2026-11-20", "2026-11-19", false)] // the talk was held before the task existed
    public void CompletesWeeklyFollowUp_ByRaisedOnAndHeldOn(string raisedOn, string heldOn, bool completes) =>
        Assert.Equal(completes, WeeklyTalkRule.CompletesWeeklyFollowUp(DateOnly.Parse(raisedOn), new IsoWeek(2026, 47), DateOnly.Parse(heldOn)));

    [Theory]
    [InlineData("2026-W47", "2026-11-16", "16–22 nov. 2026")]
    [InlineData("2026-W49", "2026-11-30", "30 nov.–6 dec. 2026")]
    [InlineData("2026-W53", "2026-12-28", "28 dec. 2026–3 jan. 2027")]
    public void IsoWeek_Parses_AndWritesItsDates(string text, string monday, string dates)
    {
        Assert.True(IsoWeek.TryParse(text, out var week));
        Assert.Equal(DateOnly.Parse(monday), week.Monday);
        Assert.Equal(dates, week.DatesText());
        Assert.Equal(text, week.ToString());
    }

    [Theory]
    [InlineData("2026-W99")]
    [InlineData("2025-W53")] // 2025 has 52 weeks
    [InlineData("2026-W00")]
    [InlineData("banan")]
    [InlineData("")]
    [InlineData(null)]
    public void IsoWeek_RefusesWhatIsNotAWeek(string? text) => Assert.False(IsoWeek.TryParse(text, out _));

    [Fact]
    public void DefaultWeek_IsLastWeek() =>
        Assert.Equal(new IsoWeek(2026, 47), WeeklyTalkRule.DefaultWeek(new DateOnly(2026, 11, 23)));
}
