using Narvaro.Domain;

namespace Narvaro.Documents;

/// <summary>Where absence concentrates in one dimension: the weekday, lesson or subject with the most absence.</summary>
public sealed record PatternItem(string Label, double AbsencePercent, double InvalidPercent, double ShareOfAbsence, bool StandsOut);

// Handlingsplan för närvaro, step 3, Bilaga 1 question 5: "Går det att se något mönster i frånvaron?"
/// <summary>
/// The pattern question of Bilaga 1 (question 5, "Går det att se något mönster i frånvaron?"), answered from the
/// data: per weekday, lesson start and subject, the group with the highest absence rate, preferring a group that
/// stands out (rate ≥ 1,5 × the pupil's overall rate on at least two absent lessons). A pure function of the
/// rows given: the period is whatever dates they carry (the caller picks the rolling window ending with D).
/// </summary>
public sealed record AbsencePattern(double OverallPercent, PatternItem? Weekday, PatternItem? Lesson, PatternItem? Subject)
{
    /// <summary>A group stands out when its rate is at least this many times the pupil's overall rate.</summary>
    public const double StandOutFactor = 1.5;

    public bool Any => new[] { Weekday, Lesson, Subject }.Any(i => i is { StandsOut: true });

    private static readonly string[] WeekdayNames = ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"];

    public static AbsencePattern Find(IReadOnlyCollection<AttendanceRecord> rows, bool countApprovedLeave)
    {
        var reported = rows.Where(r => r.Type != AttendanceType.NotReported).ToList();
        var totals = Sum(reported, countApprovedLeave);
        var overall = Percent(totals.Absent, totals.Reported);
        return new AbsencePattern(
            overall,
            Top(reported, r => (int)r.Date.DayOfWeek, k => WeekdayNames[k]),
            Top(reported, r => r.Start, k => $"lektionen kl. {k:HH\\:mm}"),
            Top(reported, r => r.Subject.Trim(), k => k.Length == 0 ? "(ämne saknas)" : k));

        PatternItem? Top<TKey>(List<AttendanceRecord> source, Func<AttendanceRecord, TKey> key, Func<TKey, string> label) where TKey : notnull
        {
            if (totals.Absent == 0) return null;
            var groups = source.GroupBy(key)
                .Select(g => (g.Key, Sum: Sum(g, countApprovedLeave), Lessons: g.Count(r => AbsentMinutes(r, countApprovedLeave) > 0)))
                .Select(g => (g.Key, g.Sum, Rate: Percent(g.Sum.Absent, g.Sum.Reported),
                    // One missed lesson is not a pattern: the group must hold absence on at least two occasions.
                    StandsOut: g.Lessons >= 2 && Percent(g.Sum.Absent, g.Sum.Reported) >= StandOutFactor * overall))
                .ToList();
            if (groups.Count < 2) return null;
            // A single missed lesson in a rare subject (100 %) must not hide a subject that does stand out.
            var top = groups
                .OrderByDescending(g => g.StandsOut)
                .ThenByDescending(g => g.Rate)
                .ThenByDescending(g => g.Sum.Absent)
                .First();
            return new PatternItem(label(top.Key), top.Rate, Percent(top.Sum.Invalid, top.Sum.Reported),
                100.0 * top.Sum.Absent / totals.Absent, top.StandsOut);
        }
    }

    private static int AbsentMinutes(AttendanceRecord r, bool countApprovedLeave) => r.Type switch
    {
        AttendanceType.Valid or AttendanceType.Invalid or AttendanceType.Late => r.AbsentMinutes,
        AttendanceType.Leave when countApprovedLeave => r.AbsentMinutes,
        _ => 0,
    };

    private static (int Reported, int Absent, int Invalid) Sum(IEnumerable<AttendanceRecord> rows, bool countApprovedLeave)
    {
        int reported = 0, absent = 0, invalid = 0;
        foreach (var r in rows)
        {
            reported += r.ScheduledMinutes;
            absent += AbsentMinutes(r, countApprovedLeave);
            if (r.Type is AttendanceType.Invalid or AttendanceType.Late) invalid += r.AbsentMinutes;
        }
        return (reported, absent, invalid);
    }

    private static double Percent(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
