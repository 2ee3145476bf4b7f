namespace Narvaro.Absence;

/// <summary>
/// One pupil's lessons on one date, summed by the database (the only place attendance rows are read in bulk).
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
}
