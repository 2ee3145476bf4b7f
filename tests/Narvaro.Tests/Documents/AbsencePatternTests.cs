using Narvaro.Documents;
using Narvaro.Domain;

namespace Narvaro.Tests.Documents;

/// <summary>Bilaga 1 question 5: where absence concentrates (weekday, lesson start, subject) and whether it stands out.</summary>
public class AbsencePatternTests
{
    /// <summary>A Monday; the timetable runs two weeks from here, Monday to Friday, five 60-minute lessons a day.</summary>
    private static readonly DateOnly FirstMonday = new(2026, 10, 5);

    private static readonly TimeOnly[] Starts = [new(8, 0), new(9, 10), new(10, 20), new(12, 30), new(13, 40)];

    /// <summary>Each subject once a day, in a different slot each weekday, so subject, slot and weekday never coincide.</summary>
    private static readonly string[] Subjects = ["Matematik", "Svenska", "Engelska", "Idrott och hälsa", "Bild"];

    private static string SubjectAt(int day, int slot) => Subjects[(day + slot) % Subjects.Length];

    private static AttendanceRecord Lesson(int week, int day, int slot, string subject, AttendanceType type, int absentMinutes) => new()
    {
        PupilId = 1, Date = FirstMonday.AddDays(7 * week + day), Start = Starts[slot], End = Starts[slot].AddMinutes(60),
        ScheduledMinutes = 60, Subject = subject, Type = type, AbsentMinutes = absentMinutes,
    };

    /// <summary>Two weeks of lessons; <paramref name="absent"/> picks the (week, day, slot) missed in full.</summary>
    private static List<AttendanceRecord> TwoWeeks(Func<int, int, int, bool> absent, AttendanceType absence = AttendanceType.Invalid,
        Func<int, int, int, string>? subject = null)
    {
        var rows = new List<AttendanceRecord>();
        for (var week = 0; week < 2; week++)
            for (var day = 0; day < 5; day++)
                for (var slot = 0; slot < 5; slot++)
                {
                    var missed = absent(week, day, slot);
                    rows.Add(Lesson(week, day, slot, subject?.Invoke(week, day, slot) ?? SubjectAt(day, slot),
                        missed ? absence : AttendanceType.Present, missed ? 60 : 0));
                }
        return rows;
    }

    [Fact]
    public void Find_AbsenceConcentratedOnMondays_NamesMondayOnly()
    {
        // Two lessons each Monday, in different slots and subjects: 4 of 10 Monday lessons, 4 of 50 overall.
        var rows = TwoWeeks((w, d, s) => d == 0 && (w == 0 ? s is 0 or 1 : s is 2 or 3));

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal(8.0, pattern.OverallPercent, 9);
        Assert.Equal("måndag", pattern.Weekday!.Label);
        Assert.True(pattern.Weekday.StandsOut);
        Assert.Equal(40.0, pattern.Weekday.AbsencePercent, 9);
        Assert.Equal(40.0, pattern.Weekday.InvalidPercent, 9);
        Assert.Equal(100.0, pattern.Weekday.ShareOfAbsence, 9);
        Assert.False(pattern.Lesson!.StandsOut);
        Assert.False(pattern.Subject!.StandsOut);
        Assert.True(pattern.Any);
    }

    [Fact]
    public void Find_AbsenceOnTheFirstLesson_NamesTheSlotOnly()
    {
        // The 08:00 lesson on four different weekdays (four different subjects).
        var rows = TwoWeeks((w, d, s) => s == 0 && (w == 0 ? d is 0 or 1 : d is 2 or 3));

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal("lektionen kl. 08:00", pattern.Lesson!.Label);
        Assert.True(pattern.Lesson.StandsOut);
        Assert.Equal(40.0, pattern.Lesson.AbsencePercent, 9);
        Assert.False(pattern.Weekday!.StandsOut);
        Assert.False(pattern.Subject!.StandsOut);
    }

    [Fact]
    public void Find_AbsenceInOneSubject_NamesTheSubjectOnly()
    {
        // Idrott och hälsa in week 1, Monday to Thursday: a different slot each day.
        var rows = TwoWeeks((w, d, s) => w == 0 && d < 4 && SubjectAt(d, s) == "Idrott och hälsa");

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal("Idrott och hälsa", pattern.Subject!.Label);
        Assert.True(pattern.Subject.StandsOut);
        Assert.Equal(40.0, pattern.Subject.AbsencePercent, 9);
        Assert.False(pattern.Weekday!.StandsOut);
        Assert.False(pattern.Lesson!.StandsOut);
    }

    [Fact]
    public void Find_AbsenceSpreadEvenly_ClaimsNoPattern()
    {
        // One lesson a day, a different slot and subject each weekday: every weekday, slot and subject at 20 %.
        var rows = TwoWeeks((_, d, s) => s == d);

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal(20.0, pattern.OverallPercent, 9);
        Assert.All(new[] { pattern.Weekday, pattern.Lesson, pattern.Subject }, item =>
        {
            Assert.NotNull(item);
            Assert.Equal(20.0, item.AbsencePercent, 9);
            Assert.False(item.StandsOut);
        });
        Assert.False(pattern.Any);
    }

    [Fact]
    public void Find_NoAbsence_NamesNothing()
    {
        var pattern = AbsencePattern.Find(TwoWeeks((_, _, _) => false), countApprovedLeave: false);

        Assert.Equal(0, pattern.OverallPercent);
        Assert.Null(pattern.Weekday);
        Assert.Null(pattern.Lesson);
        Assert.Null(pattern.Subject);
        Assert.False(pattern.Any);
    }

    /// <summary>Monday and Tuesday, four lessons each, one subject: Monday misses three lessons, Tuesday <paramref name="tuesdayMinutes"/>.</summary>
    private static List<AttendanceRecord> MondayAgainstTuesday(int tuesdayMinutes)
    {
        var rows = new List<AttendanceRecord>();
        for (var slot = 0; slot < 4; slot++)
            rows.Add(Lesson(0, 0, slot, "Matematik", slot < 3 ? AttendanceType.Invalid : AttendanceType.Present, slot < 3 ? 60 : 0));
        rows.Add(Lesson(0, 1, 0, "Matematik", AttendanceType.Valid, 60));
        rows.Add(tuesdayMinutes > 60
            ? Lesson(0, 1, 1, "Matematik", AttendanceType.Late, tuesdayMinutes - 60)
            : Lesson(0, 1, 1, "Matematik", AttendanceType.Present, 0));
        rows.Add(Lesson(0, 1, 2, "Matematik", AttendanceType.Present, 0));
        rows.Add(Lesson(0, 1, 3, "Matematik", AttendanceType.Present, 0));
        return rows;
    }

    [Fact]
    public void Find_RateExactlyOneAndAHalfTimesOverall_StandsOut()
    {
        // 240 of 480 minutes overall (50 %); Monday 180 of 240 (75 % = 1,5 × 50 %).
        var pattern = AbsencePattern.Find(MondayAgainstTuesday(tuesdayMinutes: 60), countApprovedLeave: false);

        Assert.Equal(50.0, pattern.OverallPercent, 9);
        Assert.Equal(AbsencePattern.StandOutFactor * pattern.OverallPercent, pattern.Weekday!.AbsencePercent);
        Assert.Equal("måndag", pattern.Weekday.Label);
        Assert.True(pattern.Weekday.StandsOut);
    }

    [Fact]
    public void Find_RateJustBelowOneAndAHalfTimesOverall_DoesNotStandOut()
    {
        // One more late minute on Tuesday: 241 of 480 overall, so 1,5 × overall is 75,3 % and Monday's 75 % is below.
        var pattern = AbsencePattern.Find(MondayAgainstTuesday(tuesdayMinutes: 61), countApprovedLeave: false);

        Assert.Equal("måndag", pattern.Weekday!.Label);
        Assert.True(pattern.Weekday.AbsencePercent < AbsencePattern.StandOutFactor * pattern.OverallPercent);
        Assert.False(pattern.Weekday.StandsOut);
    }

    [Fact]
    public void Find_OneMissedLessonInARareSubject_IsNotAPattern()
    {
        // Slöjd is on the timetable once and missed: 100 % of it, far above 1,5 × overall, but a single lesson.
        var rows = TwoWeeks((w, d, s) => w == 1 && d == 4 && s == 4,
            subject: (w, d, s) => w == 1 && d == 4 && s == 4 ? "Slöjd" : SubjectAt(d, s));

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal("Slöjd", pattern.Subject!.Label);
        Assert.Equal(100.0, pattern.Subject.AbsencePercent, 9);
        Assert.False(pattern.Subject.StandsOut);
        Assert.False(pattern.Any);
    }

    [Fact]
    public void Find_TwoMissedLessonsInARareSubject_StandsOut()
    {
        var slojd = (int w, int d, int s) => d == 4 && s == 4;
        var rows = TwoWeeks(slojd, subject: (w, d, s) => slojd(w, d, s) ? "Slöjd" : SubjectAt(d, s));

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal("Slöjd", pattern.Subject!.Label);
        Assert.True(pattern.Subject.StandsOut);
    }

    [Fact]
    public void Find_SingleMissedLessonWithHigherRate_DoesNotHideASubjectThatStandsOut()
    {
        // Slöjd once, missed (100 %, one lesson); Idrott och hälsa missed four times of ten (40 %, overall 10 %).
        var slojd = (int w, int d, int s) => w == 1 && d == 4 && s == 4;
        var rows = TwoWeeks((w, d, s) => slojd(w, d, s) || (w == 0 && d < 4 && SubjectAt(d, s) == "Idrott och hälsa"),
            subject: (w, d, s) => slojd(w, d, s) ? "Slöjd" : SubjectAt(d, s));

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal("Idrott och hälsa", pattern.Subject!.Label);
        Assert.True(pattern.Subject.StandsOut);
        Assert.True(pattern.Any);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Find_ApprovedLeaveOnMondays_CountsOnlyWhenThePolicySaysSo(bool countApprovedLeave, bool mondayNamed)
    {
        var rows = TwoWeeks((w, d, s) => d == 0 && (w == 0 ? s is 0 or 1 : s is 2 or 3), AttendanceType.Leave);

        var pattern = AbsencePattern.Find(rows, countApprovedLeave);

        Assert.Equal(mondayNamed, pattern.Weekday is { Label: "måndag", StandsOut: true });
        Assert.Equal(mondayNamed, pattern.Any);
    }

    [Fact]
    public void Find_UnreportedLessons_AreLeftOut()
    {
        // Tuesday to Friday unreported: only Mondays were reported, so no other weekday to compare with.
        var rows = TwoWeeks((w, d, s) => d == 0 && s < 2);
        foreach (var row in rows.Where(r => r.Date.DayOfWeek != DayOfWeek.Monday))
            row.Type = AttendanceType.NotReported;

        var pattern = AbsencePattern.Find(rows, countApprovedLeave: false);

        Assert.Equal(40.0, pattern.OverallPercent, 9);
        Assert.Null(pattern.Weekday);
    }
}
