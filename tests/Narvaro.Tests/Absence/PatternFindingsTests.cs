using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Tests.Absence;

/// <summary>Bilaga 1 question 5 answered from crafted timetables: each finding appears when it should and not otherwise.</summary>
public class PatternFindingsTests
{
    /// <summary>A Monday; the timetable runs four weeks from here, Monday to Friday, five 60-minute lessons a day.</summary>
    private static readonly DateOnly FirstMonday = new(2026, 10, 5);

    private static readonly TimeOnly[] Starts = [new(8, 0), new(9, 10), new(10, 20), new(12, 30), new(13, 40)];

    /// <summary>Each subject once a day, in a different slot each weekday, so subject, slot and weekday never coincide.</summary>
    private static readonly string[] Subjects = ["Matematik", "Svenska", "Engelska", "Idrott och hälsa", "Bild"];

    private static string SubjectAt(int day, int slot) => Subjects[(day + slot) % Subjects.Length];

    /// <summary>The slot of a subject on a weekday (inverse of <see cref="SubjectAt"/>).</summary>
    private static int SlotOf(string subject, int day) => ((Array.IndexOf(Subjects, subject) - day) % 5 + 5) % 5;

    /// <summary><paramref name="weeks"/> weeks of lessons; <paramref name="type"/> gives each (week, day, slot) its type.</summary>
    private static List<AttendanceRecord> Weeks(Func<int, int, int, AttendanceType> type, int weeks = 4)
    {
        var rows = new List<AttendanceRecord>();
        for (var week = 0; week < weeks; week++)
            for (var day = 0; day < 5; day++)
                for (var slot = 0; slot < 5; slot++)
                {
                    var t = type(week, day, slot);
                    rows.Add(new AttendanceRecord
                    {
                        PupilId = 1, Date = FirstMonday.AddDays(7 * week + day), Start = Starts[slot], End = Starts[slot].AddMinutes(60),
                        ScheduledMinutes = 60, Subject = SubjectAt(day, slot), Type = t,
                        AbsentMinutes = t switch { AttendanceType.Present or AttendanceType.NotReported => 0, AttendanceType.Late => 10, _ => 60 },
                    });
                }
        return rows;
    }

    private static Func<int, int, int, AttendanceType> Absent(Func<int, int, int, bool> absent, AttendanceType type = AttendanceType.Invalid) =>
        (w, d, s) => absent(w, d, s) ? type : AttendanceType.Present;

    private static IReadOnlyList<PatternFinding> Find(List<AttendanceRecord> rows) => PatternFindings.Find(rows, countApprovedLeave: true);

    [Fact]
    public void Find_NoAbsence_FindsNothing()
    {
        Assert.Empty(Find(Weeks((_, _, _) => AttendanceType.Present)));
    }

    [Fact]
    public void Find_AbsentOnThreeOfTheLastFourMondays_NamesMondaysWithTheDates()
    {
        var rows = Weeks(Absent((w, d, _) => d == 0 && w != 2));

        var finding = Assert.Single(Find(rows));

        Assert.Equal(PatternFindingKind.Weekday, finding.Kind);
        Assert.Equal("Frånvarande 3 av de 4 senaste måndagarna", finding.Text);
        Assert.Equal((3, 4), (finding.Count, finding.OutOf));
        Assert.Equal(75.0, finding.Percent, 9);
        Assert.Equal(0.0, finding.OtherPercent, 9);
        Assert.Contains("5 okt. 2026, 12 okt. 2026 och 26 okt. 2026", finding.Evidence);
        Assert.Contains("0 av de 16 senaste dagarna", finding.Evidence);
    }

    [Fact]
    public void Find_OneMissedLessonOnAMonday_CountsThatMondayAsADayWithAbsence()
    {
        // A different lesson each Monday, so neither a slot nor a subject collects the absence.
        var rows = Weeks(Absent((w, d, s) => d == 0 && w != 2 && s == w % 5));

        Assert.Contains(Find(rows), f => f is { Kind: PatternFindingKind.Weekday, Count: 3 });
    }

    [Fact]
    public void Find_AbsentOnTwoOfTheLastFourMondays_IsBelowTheWeekdayThreshold()
    {
        Assert.Equal(3, PatternFindings.WeekdayMinAbsentDays);
        var rows = Weeks(Absent((w, d, _) => d == 0 && w is 0 or 3));

        Assert.DoesNotContain(Find(rows), f => f.Kind == PatternFindingKind.Weekday);
    }

    [Fact]
    public void Find_OnlyThreeMondaysInThePeriod_IsTooFewToCallItAPattern()
    {
        Assert.Equal(4, PatternFindings.RecentWeekdays);
        var rows = Weeks(Absent((_, d, _) => d == 0), weeks: 3);

        Assert.DoesNotContain(Find(rows), f => f.Kind == PatternFindingKind.Weekday);
    }

    [Fact]
    public void Find_AbsentOnMostDaysOfEveryWeekday_IsNoWeekdayPattern()
    {
        // Mondays 3 of 4, every other weekday 2 of 4: 75 % against 50 %, less than twice as often.
        Assert.Equal(2.0, PatternFindings.WeekdayContrastFactor);
        var rows = Weeks(Absent((w, d, _) => d == 0 ? w != 2 : w is 0 or 1));

        Assert.DoesNotContain(Find(rows), f => f.Kind == PatternFindingKind.Weekday);
    }

    [Fact]
    public void Find_LateArrivalsOnMondays_AreNotDaysOfAbsence()
    {
        var rows = Weeks((w, d, s) => d == 0 && s == 1 && w != 2 ? AttendanceType.Late : AttendanceType.Present);

        Assert.DoesNotContain(Find(rows), f => f.Kind == PatternFindingKind.Weekday);
    }

    [Fact]
    public void Find_AbsentAtTheFirstLessonOnFiveDays_SaysMostAbsenceAtTheFirstLesson()
    {
        // One weekday per week at most twice, and the first lesson's subject differs by weekday.
        var days = new HashSet<(int, int)> { (0, 0), (1, 1), (2, 2), (3, 3), (0, 4) };
        var rows = Weeks(Absent((w, d, s) => s == 0 && days.Contains((w, d))));

        var finding = Assert.Single(Find(rows));

        Assert.Equal(PatternFindingKind.FirstLesson, finding.Kind);
        Assert.Equal("Mest frånvaro första lektionen på dagen", finding.Text);
        Assert.Equal((5, 20), (finding.Count, finding.OutOf));
        Assert.Equal(25.0, finding.Percent, 9);
        Assert.Contains("25,0 %", finding.Evidence);
    }

    [Fact]
    public void Find_AbsentAtTheFirstLessonOnTwoDays_IsBelowTheLessonThreshold()
    {
        Assert.Equal(3, PatternFindings.LessonMinAbsentLessons);
        var rows = Weeks(Absent((w, d, s) => s == 0 && (w, d) is (0, 0) or (1, 2)));

        Assert.DoesNotContain(Find(rows), f => f.Kind == PatternFindingKind.FirstLesson);
    }

    [Fact]
    public void Find_FirstLessonMissedNoMoreThanTheOthers_IsNoLessonPattern()
    {
        // Absent one lesson every day, slots in turn: each slot 4 of 20 times.
        var rows = Weeks(Absent((w, d, s) => s == (w * 5 + d) % 5));

        Assert.DoesNotContain(Find(rows), f => f.Kind is PatternFindingKind.FirstLesson or PatternFindingKind.LastLesson);
    }

    [Fact]
    public void Find_LateAtTheFirstLesson_CountsTowardsTheFirstLessonPattern()
    {
        var days = new HashSet<(int, int)> { (0, 0), (1, 1), (2, 2), (3, 3) };
        var rows = Weeks((w, d, s) => s == 0 && days.Contains((w, d)) ? AttendanceType.Late : AttendanceType.Present);

        Assert.Contains(Find(rows), f => f is { Kind: PatternFindingKind.FirstLesson, Count: 4 });
    }

    [Fact]
    public void Find_AbsentAtTheLastLessonOnFourDays_SaysMostAbsenceAtTheLastLesson()
    {
        var days = new HashSet<(int, int)> { (0, 1), (1, 2), (2, 3), (3, 4) };
        var rows = Weeks(Absent((w, d, s) => s == 4 && days.Contains((w, d))));

        var finding = Assert.Single(Find(rows));
        Assert.Equal(PatternFindingKind.LastLesson, finding.Kind);
        Assert.Equal("Mest frånvaro sista lektionen på dagen", finding.Text);
    }

    [Fact]
    public void Find_SubjectThreeTimesTheRest_SaysSoInWords()
    {
        // Idrott och hälsa: 6 of its 20 lessons (30 %); the other subjects: 8 of 80 (10 %).
        var idrott = new HashSet<(int, int)> { (0, 0), (0, 2), (1, 1), (1, 4), (2, 3), (3, 0) };
        var other = new HashSet<(int, int, int)> { (0, 1, 0), (0, 3, 4), (1, 0, 0), (1, 2, 4), (2, 1, 1), (2, 4, 2), (3, 2, 2), (3, 3, 1) };
        var rows = Weeks(Absent((w, d, s) => (idrott.Contains((w, d)) && s == SlotOf("Idrott och hälsa", d)) || other.Contains((w, d, s))));
        Assert.DoesNotContain(rows, r => other.Contains(((r.Date.DayNumber - FirstMonday.DayNumber) / 7, r.Date.DayOfWeek - DayOfWeek.Monday, Array.IndexOf(Starts, r.Start)))
            && r.Subject == "Idrott och hälsa");

        var finding = Assert.Single(Find(rows), f => f.Kind == PatternFindingKind.Subject);

        Assert.Equal("Frånvaron i idrott och hälsa är tre gånger högre än i övriga ämnen", finding.Text);
        Assert.Equal((6, 20), (finding.Count, finding.OutOf));
        Assert.Equal(30.0, finding.Percent, 9);
        Assert.Equal(10.0, finding.OtherPercent, 9);
        Assert.Equal("Idrott och hälsa: frånvaro 30,0 % (frånvaro vid 6 av 20 lektioner). Övriga ämnen: frånvaro 10,0 %.", finding.Evidence);
    }

    [Fact]
    public void Find_AllAbsenceInOneSubject_SaysAllAbsenceIsThere()
    {
        var rows = Weeks(Absent((w, d, s) => w < 3 && d == w && s == SlotOf("Bild", d)));

        var finding = Assert.Single(Find(rows), f => f.Kind == PatternFindingKind.Subject);
        Assert.Equal("All frånvaro är i bild", finding.Text);
    }

    [Fact]
    public void Find_TwoMissedLessonsInOneSubject_IsBelowTheSubjectThreshold()
    {
        Assert.Equal(3, PatternFindings.SubjectMinAbsentLessons);
        var rows = Weeks(Absent((w, d, s) => w < 2 && d == w && s == SlotOf("Bild", d)));

        Assert.DoesNotContain(Find(rows), f => f.Kind == PatternFindingKind.Subject);
    }

    [Fact]
    public void Find_SubjectLessThanTwiceTheRest_IsNoSubjectPattern()
    {
        // Idrott och hälsa 4 of 20 (20 %) against 12 of 80 (15 %) in the other subjects.
        Assert.Equal(2.0, PatternFindings.SubjectContrastFactor);
        // Idrott och hälsa on the first four days it is taught in week w = d; mathematics on 12 of its 20 lessons.
        var rows = Weeks(Absent((w, d, s) => SubjectAt(d, s) switch
        {
            "Idrott och hälsa" => d == w,
            "Matematik" => w * 5 + d < 12,
            _ => false,
        }));
        var idrott = rows.Where(r => r.Subject == "Idrott och hälsa").ToList();
        var others = rows.Where(r => r.Subject != "Idrott och hälsa").ToList();
        var idrottRate = 100.0 * idrott.Sum(r => r.AbsentMinutes) / idrott.Sum(r => r.ScheduledMinutes);
        var otherRate = 100.0 * others.Sum(r => r.AbsentMinutes) / others.Sum(r => r.ScheduledMinutes);
        Assert.True(idrottRate < 2 * otherRate, $"{idrottRate} vs {otherRate}");

        Assert.DoesNotContain(Find(rows), f => f is { Kind: PatternFindingKind.Subject, Label: "Idrott och hälsa" });
    }

    [Fact]
    public void Find_UnreportedLessons_AreNotAbsence()
    {
        var rows = Weeks((_, d, _) => d == 0 ? AttendanceType.NotReported : AttendanceType.Present);

        Assert.Empty(Find(rows));
    }

    [Fact]
    public void Find_LeaveWhenThePolicyDoesNotCountIt_IsNoPattern()
    {
        var rows = Weeks(Absent((w, d, _) => d == 0 && w != 2, AttendanceType.Leave));

        Assert.Empty(PatternFindings.Find(rows, countApprovedLeave: false));
        Assert.Contains(PatternFindings.Find(rows, countApprovedLeave: true), f => f.Kind == PatternFindingKind.Weekday);
    }

    [Theory]
    [InlineData(2.0, "två gånger")]
    [InlineData(3.0, "tre gånger")]
    [InlineData(2.96, "tre gånger")]
    [InlineData(2.5, "2,5 gånger")]
    [InlineData(12.0, "12,0 gånger")]
    public void Times_Ratio_InSwedishWords(double ratio, string expected)
    {
        Assert.Equal(expected, PatternFindings.Times(ratio));
    }
}
