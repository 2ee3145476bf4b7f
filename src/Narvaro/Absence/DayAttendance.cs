namespace Narvaro.Absence;

/// <summary>
/// One pupil's lessons on one date, summed: read from the day summaries (<see cref="Domain.AttendanceDay"/>) or, for
/// lessons already in memory, summed by <see cref="FromRecords"/>.
/// Minutes are split by type so the fold can apply the policy (e.g. whether granted leave counts).
/// </summary>
public readonly record struct DayAttendance(
    int PupilId,
    DateOnly Date,
    int OfferedMinutes,
    int ReportedMinutes,
    int ValidMinutes,
    int InvalidMinutes,
    int LeaveMinutes,
    int LateMinutes,
    int LateArrivals,
    int ReportedRows,
    int InvalidRows)
{
    /// <summary>A day with a reported row counts as a school day for evaluation.</summary>
    public bool IsReportedSchoolDay => ReportedRows > 0;

    /// <summary>Every reported lesson of the day is ogiltig: a whole day of invalid absence.</summary>
    public bool IsWholeDayInvalid => ReportedRows > 0 && InvalidRows == ReportedRows;

    /// <summary>
    /// The same per-day sums <see cref="AttendanceDayQuery"/> makes in the database, from one pupil's rows already in
    /// memory (a pupil page, a document), in date order.
    /// </summary>
    public static IEnumerable<DayAttendance> FromRecords(IEnumerable<Domain.AttendanceRecord> rows) =>
        rows.GroupBy(r => r.Date).OrderBy(g => g.Key).Select(g => new DayAttendance(
            g.First().PupilId,
            g.Key,
            g.Sum(r => r.ScheduledMinutes),
            g.Where(r => r.Type != Domain.AttendanceType.NotReported).Sum(r => r.ScheduledMinutes),
            g.Where(r => r.Type == Domain.AttendanceType.Valid).Sum(r => r.AbsentMinutes),
            g.Where(r => r.Type == Domain.AttendanceType.Invalid).Sum(r => r.AbsentMinutes),
            g.Where(r => r.Type == Domain.AttendanceType.Leave).Sum(r => r.AbsentMinutes),
            g.Where(r => r.Type == Domain.AttendanceType.Late).Sum(r => r.AbsentMinutes),
            g.Count(r => r.Type == Domain.AttendanceType.Late),
            g.Count(r => r.Type != Domain.AttendanceType.NotReported),
            g.Count(r => r.Type == Domain.AttendanceType.Invalid)));

    /// <summary>The in-memory shape of a stored day summary.</summary>
    public static DayAttendance FromSummary(Domain.AttendanceDay d) =>
        new(d.PupilId, d.Date, d.OfferedMinutes, d.ReportedMinutes, d.ValidMinutes, d.InvalidMinutes, d.LeaveMinutes,
            d.LateMinutes, d.LateArrivals, d.ReportedLessons, d.InvalidLessons);
}
