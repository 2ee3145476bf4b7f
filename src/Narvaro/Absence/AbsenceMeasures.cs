namespace Narvaro.Absence;

/// <summary>
/// One pupil's measures over a window (staircase-rules.md, "Measures"). Percentages are for display;
/// thresholds are compared exactly on the minute sums, without rounding or floating point.
/// </summary>
public sealed record AbsenceMeasures(
    int PupilId,
    int SchoolDays,
    int OfferedMinutes,
    int ReportedMinutes,
    int AbsentMinutes,
    int InvalidMinutes,
    int LateArrivals,
    int InvalidStreakDays)
{
    public static AbsenceMeasures None(int pupilId) => new(pupilId, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>100 × absent / reported; 0 when nothing was reported.</summary>
    public double AbsencePercent => Percent(AbsentMinutes, ReportedMinutes);

    /// <summary>100 × (ogiltig + sen minutes) / reported.</summary>
    public double InvalidPercent => Percent(InvalidMinutes, ReportedMinutes);

    /// <summary>100 × reported / offered: how much of the timetable teachers have reported.</summary>
    public double CoveragePercent => Percent(ReportedMinutes, OfferedMinutes);

    /// <summary>Only pupils with enough reported school days in the window are evaluated for steps 3–5.</summary>
    public bool IsEvaluated(int minSchoolDays) => SchoolDays >= minSchoolDays;

    /// <summary>absence % ≥ threshold, exactly (10.0 % is at least 10).</summary>
    public bool AbsenceAtLeast(decimal thresholdPercent) =>
        ReportedMinutes > 0 && AbsentMinutes * 100m >= thresholdPercent * ReportedMinutes;

    /// <summary>absence % &gt; threshold, exactly (20.0 % is not above 20).</summary>
    public bool AbsenceAbove(decimal thresholdPercent) =>
        ReportedMinutes > 0 && AbsentMinutes * 100m > thresholdPercent * ReportedMinutes;

    private static double Percent(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
