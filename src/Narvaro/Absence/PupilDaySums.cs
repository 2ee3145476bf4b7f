using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Absence;

/// <summary>
/// Some pupils' attendance summed per pupil and date in one query, for lists of many pupils (Mina elever, the
/// Eskaleringskö): the pupil ids and the date range seek the attendance key (pupil, date, start), so only these
/// pupils' rows of these dates are read. The same sums as <see cref="AttendanceDayQuery"/> makes for the evaluation.
/// </summary>
public static class PupilDaySums
{
    public static async Task<List<DayAttendance>> PerPupilAndDayAsync(NarvaroDbContext db, IReadOnlyCollection<int> pupilIds, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        const AttendanceType valid = AttendanceType.Valid, invalid = AttendanceType.Invalid, leave = AttendanceType.Leave,
            late = AttendanceType.Late, notReported = AttendanceType.NotReported;
        var sums = await db.Attendance.AsNoTracking()
            .Where(a => pupilIds.Contains(a.PupilId) && a.Date >= from && a.Date <= to)
            .GroupBy(a => new { a.PupilId, a.Date })
            .Select(g => new
            {
                g.Key.PupilId,
                g.Key.Date,
                Offered = g.Sum(a => a.ScheduledMinutes),
                Rows = g.Count(),
                Unreported = g.Sum(a => a.Type == notReported ? a.ScheduledMinutes : 0),
                UnreportedRows = g.Sum(a => a.Type == notReported ? 1 : 0),
                Valid = g.Sum(a => a.Type == valid ? a.AbsentMinutes : 0),
                Invalid = g.Sum(a => a.Type == invalid ? a.AbsentMinutes : 0),
                InvalidRows = g.Sum(a => a.Type == invalid ? 1 : 0),
                Leave = g.Sum(a => a.Type == leave ? a.AbsentMinutes : 0),
                Late = g.Sum(a => a.Type == late ? a.AbsentMinutes : 0),
                LateRows = g.Sum(a => a.Type == late ? 1 : 0),
            })
            .ToListAsync(cancellationToken);
        return sums.Select(s => new DayAttendance(s.PupilId, s.Date, s.Offered, s.Offered - s.Unreported, s.Valid, s.Invalid,
            s.Leave, s.Late, s.LateRows, s.Rows - s.UnreportedRows, s.InvalidRows)).ToList();
    }
}
