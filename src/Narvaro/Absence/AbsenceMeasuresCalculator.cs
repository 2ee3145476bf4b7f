namespace Narvaro.Absence;

/// <summary>
/// The pure formulas of staircase-rules.md, "Measures": folds one pupil's days (as summed by the database) into
/// the window's measures. Days must come in date order.
/// </summary>
public static class AbsenceMeasuresCalculator
{
    public static AbsenceMeasures Fold(int pupilId, IEnumerable<DayAttendance> days, bool countApprovedLeave)
    {
        int schoolDays = 0, offered = 0, reported = 0, absent = 0, invalid = 0, late = 0, streak = 0, longest = 0;
        DateOnly previous = DateOnly.MinValue;
        foreach (var day in days)
        {
            if (day.Date <= previous)
                throw new ArgumentException("Days must be in ascending date order, one per date.", nameof(days));
            previous = day.Date;

            offered += day.OfferedMinutes;
            reported += day.ReportedMinutes;
            absent += day.ValidMinutes + day.InvalidMinutes + day.LateMinutes + (countApprovedLeave ? day.LeaveMinutes : 0);
            invalid += day.InvalidMinutes + day.LateMinutes;
            late += day.LateArrivals;

            // A day whose rows are all ej_rapporterad neither counts nor breaks the streak.
            if (!day.IsReportedSchoolDay) continue;
            schoolDays++;
            streak = day.IsWholeDayInvalid ? streak + 1 : 0;
            longest = Math.Max(longest, streak);
        }
        return new AbsenceMeasures(pupilId, schoolDays, offered, reported, absent, invalid, late, longest);
    }
}
