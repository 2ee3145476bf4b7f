using Microsoft.EntityFrameworkCore;
using Narvaro.Data;

namespace Narvaro.Absence;

/// <summary>
/// Some pupils' day summaries in one query, for lists of many pupils (Mina elever, the Eskaleringskö, EHT) and for one
/// pupil's documents: the pupil ids and the date range seek the summary key (pupil, date), so only these pupils' days
/// are read. The same days <see cref="AttendanceDayQuery"/> streams for the evaluation.
/// </summary>
public static class PupilDaySums
{
    /// <summary>The pupils' days from <paramref name="from"/> to <paramref name="to"/>, ordered by pupil and date.</summary>
    public static async Task<List<DayAttendance>> PerPupilAndDayAsync(NarvaroDbContext db, IReadOnlyCollection<int> pupilIds, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (pupilIds.Count == 0) return [];
        return await db.AttendanceDays.AsNoTracking()
            .Where(d => pupilIds.Contains(d.PupilId) && d.Date >= from && d.Date <= to)
            .OrderBy(d => d.PupilId).ThenBy(d => d.Date)
            .Select(d => new DayAttendance(d.PupilId, d.Date, d.OfferedMinutes, d.ReportedMinutes, d.ValidMinutes, d.InvalidMinutes,
                d.LeaveMinutes, d.LateMinutes, d.LateArrivals, d.ReportedLessons, d.InvalidLessons))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One pupil's days from <paramref name="from"/> to <paramref name="to"/>, in date order (for a document or a page).</summary>
    public static Task<List<DayAttendance>> OfPupilAsync(NarvaroDbContext db, int pupilId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        db.AttendanceDays.AsNoTracking()
            .Where(d => d.PupilId == pupilId && d.Date >= from && d.Date <= to)
            .OrderBy(d => d.Date)
            .Select(d => new DayAttendance(d.PupilId, d.Date, d.OfferedMinutes, d.ReportedMinutes, d.ValidMinutes, d.InvalidMinutes,
                d.LeaveMinutes, d.LateMinutes, d.LateArrivals, d.ReportedLessons, d.InvalidLessons))
            .ToListAsync(cancellationToken);
}
