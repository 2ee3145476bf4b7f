using System.Globalization;
using Narvaro.Domain;

namespace Narvaro.Absence;

/// <summary>Which kind of pattern a finding describes.</summary>
public enum PatternFindingKind
{
    /// <summary>Absent on most of the latest occurrences of one weekday.</summary>
    Weekday = 1,
    /// <summary>Most absence at the first lesson of the day.</summary>
    FirstLesson = 2,
    /// <summary>Most absence at the last lesson of the day.</summary>
    LastLesson = 3,
    /// <summary>Absence in one subject a multiple of that in the other subjects.</summary>
    Subject = 4,
}

/// <summary>
/// One answer to "Går det att se något mönster i frånvaron?": a plain Swedish sentence (<see cref="Text"/>), the
/// figures behind it in words (<see cref="Evidence"/>) and the same figures as numbers.
/// </summary>
/// <param name="Count">Absent days (weekday) or lessons with absence (lesson, subject) in the group.</param>
/// <param name="OutOf">Days or lessons in the group.</param>
/// <param name="Percent">The group's absence: days with absence (weekday) or absent minutes of reported minutes (lesson, subject).</param>
/// <param name="OtherPercent">The same measure for everything outside the group.</param>
public sealed record PatternFinding(
    PatternFindingKind Kind, string Label, string Text, string Evidence, int Count, int OutOf, double Percent, double OtherPercent);

// Handlingsplan för närvaro, Bilaga 1 question 5: "Går det att se något mönster i frånvaron?"
/// <summary>
/// Answers Bilaga 1 question 5 from the attendance rows given (the caller picks the period): a recurring weekday, the
/// first or last lesson of the day, and subjects whose absence is a multiple of the rest. Each finding needs both
/// enough occurrences (one missed lesson is not a pattern) and a clear contrast with the rest of the pupil's timetable
/// (a pupil absent everywhere has high absence, not a pattern). Pure: no clock, no database.
/// </summary>
public static class PatternFindings
{
    /// <summary>How many of a weekday's latest school days are looked at ("de 4 senaste måndagarna").</summary>
    public const int RecentWeekdays = 4;

    /// <summary>Absent on at least this many of those days.</summary>
    public const int WeekdayMinAbsentDays = 3;

    /// <summary>The weekday's share of days with absence is at least this many times that of the other weekdays.</summary>
    public const double WeekdayContrastFactor = 2.0;

    /// <summary>The first (last) lesson of the day has absence on at least this many days.</summary>
    public const int LessonMinAbsentLessons = 3;

    /// <summary>The first (last) lesson's absence rate is at least this many times that of the day's other lessons.</summary>
    public const double LessonContrastFactor = 2.0;

    /// <summary>A subject has absence at at least this many lessons.</summary>
    public const int SubjectMinAbsentLessons = 3;

    /// <summary>The subject's absence rate is at least this many times that of the other subjects.</summary>
    public const double SubjectContrastFactor = 2.0;

    /// <summary>At most this many subjects are named, the most striking first.</summary>
    public const int MaxSubjectFindings = 2;

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly string[] WeekdaysDefinite =
        ["söndagarna", "måndagarna", "tisdagarna", "onsdagarna", "torsdagarna", "fredagarna", "lördagarna"];

    private static readonly string[] WeekdaysPlural = ["Söndagar", "Måndagar", "Tisdagar", "Onsdagar", "Torsdagar", "Fredagar", "Lördagar"];

    private static readonly string[] Numbers = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"];

    public static IReadOnlyList<PatternFinding> Find(IReadOnlyCollection<AttendanceRecord> rows, bool countApprovedLeave)
    {
        var reported = rows.Where(r => r.Type != AttendanceType.NotReported).ToList();
        if (!reported.Any(r => AbsentMinutes(r, countApprovedLeave) > 0)) return [];
        var findings = new List<PatternFinding>();
        if (Weekday(reported, countApprovedLeave) is { } weekday) findings.Add(weekday);
        findings.AddRange(Lessons(reported, countApprovedLeave));
        findings.AddRange(Subjects(reported, countApprovedLeave));
        return findings;
    }

    /// <summary>
    /// A day counts as a day with absence when the pupil missed (part of) a lesson for another reason than arriving
    /// late: "frånvarande" in the plan's sense; late arrivals are followed up on their own (Sen ankomst).
    /// </summary>
    private static PatternFinding? Weekday(List<AttendanceRecord> reported, bool countApprovedLeave)
    {
        var days = reported.GroupBy(r => r.Date)
            .Select(g => (Date: g.Key, Absent: g.Any(r => r.Type != AttendanceType.Late && AbsentMinutes(r, countApprovedLeave) > 0)))
            .ToList();
        var recent = days.GroupBy(d => d.Date.DayOfWeek)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.Date).Take(RecentWeekdays).ToList());

        PatternFinding? best = null;
        foreach (var (weekday, latest) in recent)
        {
            if (latest.Count < RecentWeekdays) continue;
            var absent = latest.Count(d => d.Absent);
            if (absent < WeekdayMinAbsentDays) continue;
            var others = recent.Where(o => o.Key != weekday).SelectMany(o => o.Value).ToList();
            if (others.Count == 0) continue;
            var rate = (double)absent / latest.Count;
            var otherAbsent = others.Count(d => d.Absent);
            var otherRate = (double)otherAbsent / others.Count;
            if (rate < WeekdayContrastFactor * otherRate) continue;
            if (best is not null && best.Percent >= 100 * rate) continue;

            var dates = latest.Where(d => d.Absent).OrderBy(d => d.Date).Select(d => ShortDate(d.Date)).ToList();
            best = new PatternFinding(
                PatternFindingKind.Weekday,
                WeekdaysPlural[(int)weekday],
                $"Frånvarande {absent} av de {latest.Count} senaste {WeekdaysDefinite[(int)weekday]}",
                $"{WeekdaysPlural[(int)weekday]} med frånvaro: {JoinSwedish(dates)}. " +
                $"Övriga veckodagar: frånvaro {otherAbsent} av de {others.Count} senaste dagarna ({Percent(100 * otherRate)}).",
                absent, latest.Count, 100 * rate, 100 * otherRate);
        }
        return best;
    }

    /// <summary>The first and the last lesson of each day with at least two reported lessons, against the day's other lessons.</summary>
    private static IEnumerable<PatternFinding> Lessons(List<AttendanceRecord> reported, bool countApprovedLeave)
    {
        var days = reported.GroupBy(r => r.Date)
            .Select(g => g.OrderBy(r => r.Start).ToList())
            .Where(d => d.Count >= 2)
            .ToList();
        if (days.Count == 0) yield break;

        foreach (var (kind, pick, label) in new (PatternFindingKind, Func<List<AttendanceRecord>, AttendanceRecord>, string)[]
                 {
                     (PatternFindingKind.FirstLesson, d => d[0], "första"),
                     (PatternFindingKind.LastLesson, d => d[^1], "sista"),
                 })
        {
            var group = days.Select(pick).ToList();
            var rest = days.SelectMany(d => d.Where(r => !ReferenceEquals(r, pick(d)))).ToList();
            var (count, rate) = Rate(group, countApprovedLeave);
            var (_, otherRate) = Rate(rest, countApprovedLeave);
            if (count < LessonMinAbsentLessons || rate <= 0 || rate < LessonContrastFactor * otherRate) continue;
            yield return new PatternFinding(
                kind,
                $"{label} lektionen",
                $"Mest frånvaro {label} lektionen på dagen",
                $"Dagens {label} lektion: frånvaro {Percent(rate)} (frånvaro {count} av {group.Count} gånger). " +
                $"Dagens övriga lektioner: frånvaro {Percent(otherRate)}.",
                count, group.Count, rate, otherRate);
        }
    }

    private static IEnumerable<PatternFinding> Subjects(List<AttendanceRecord> reported, bool countApprovedLeave)
    {
        var groups = reported.GroupBy(r => r.Subject.Trim(), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Key.Length > 0)
            .ToList();
        if (groups.Count < 2) return [];
        return groups
            .Select(g =>
            {
                var (count, rate) = Rate(g.ToList(), countApprovedLeave);
                var (_, otherRate) = Rate(reported.Where(r => !string.Equals(r.Subject.Trim(), g.Key, StringComparison.OrdinalIgnoreCase)).ToList(),
                    countApprovedLeave);
                return (Subject: g.Key, Lessons: g.Count(), Count: count, Rate: rate, OtherRate: otherRate,
                    Ratio: otherRate == 0 ? double.PositiveInfinity : rate / otherRate);
            })
            .Where(s => s.Count >= SubjectMinAbsentLessons && s.Rate > 0 && s.Ratio >= SubjectContrastFactor)
            .OrderByDescending(s => s.Ratio).ThenByDescending(s => s.Rate)
            .Take(MaxSubjectFindings)
            .Select(s => new PatternFinding(
                PatternFindingKind.Subject,
                s.Subject,
                double.IsPositiveInfinity(s.Ratio)
                    ? $"All frånvaro är i {InSentence(s.Subject)}"
                    : $"Frånvaron i {InSentence(s.Subject)} är {Times(s.Ratio)} högre än i övriga ämnen",
                $"{s.Subject}: frånvaro {Percent(s.Rate)} (frånvaro vid {s.Count} av {s.Lessons} lektioner). " +
                $"Övriga ämnen: frånvaro {Percent(s.OtherRate)}.",
                s.Count, s.Lessons, s.Rate, s.OtherRate))
            .ToList();
    }

    /// <summary>Lessons with absence, and 100 × absent / reported minutes.</summary>
    private static (int Count, double Rate) Rate(List<AttendanceRecord> rows, bool countApprovedLeave)
    {
        int reportedMinutes = 0, absent = 0, count = 0;
        foreach (var r in rows)
        {
            reportedMinutes += r.ScheduledMinutes;
            var minutes = AbsentMinutes(r, countApprovedLeave);
            absent += minutes;
            if (minutes > 0) count++;
        }
        return (count, reportedMinutes == 0 ? 0 : 100.0 * absent / reportedMinutes);
    }

    private static int AbsentMinutes(AttendanceRecord r, bool countApprovedLeave) => r.Type switch
    {
        AttendanceType.Valid or AttendanceType.Invalid or AttendanceType.Late => r.AbsentMinutes,
        AttendanceType.Leave when countApprovedLeave => r.AbsentMinutes,
        _ => 0,
    };

    /// <summary>"tre gånger" for whole multiples up to ten, otherwise "2,5 gånger".</summary>
    internal static string Times(double ratio)
    {
        var rounded = Math.Round(ratio, 1);
        return rounded == Math.Floor(rounded) && rounded < Numbers.Length
            ? $"{Numbers[(int)rounded]} gånger"
            : $"{rounded.ToString("0.0", Swedish)} gånger";
    }

    /// <summary>A subject inside a sentence: "Idrott och hälsa" → "idrott och hälsa"; acronyms ("SvA") are kept.</summary>
    private static string InSentence(string subject) =>
        subject.Length > 1 && char.IsUpper(subject[0]) && char.IsLower(subject[1])
            ? char.ToLower(subject[0], Swedish) + subject[1..]
            : subject;

    private static string Percent(double value) => value.ToString("0.0", Swedish) + " %";

    private static string ShortDate(DateOnly date) => SwedishDates.Short(date);

    private static string JoinSwedish(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : $"{string.Join(", ", parts.Take(parts.Count - 1))} och {parts[^1]}";
}
