namespace Narvaro.Domain;

/// <summary>
/// One pupil's lessons on one date, summed: the day summary every rule reads instead of the lesson rows.
/// Maintained by the database itself (triggers on "Attendance", in the same transaction as the write), so no
/// writer of attendance can forget it and it never disagrees with the lessons; <c>narvaro verify-summaries</c>
/// recomputes it from the lessons to prove it. Key: (pupil, date).
/// </summary>
public class AttendanceDay
{
    public int PupilId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Lesson rows of the day, reported or not.</summary>
    public int Lessons { get; set; }
    /// <summary>Scheduled minutes of every lesson (offered time).</summary>
    public int OfferedMinutes { get; set; }
    /// <summary>Lessons with a report (any type but ej_rapporterad); the day is a school day for evaluation when &gt; 0.</summary>
    public int ReportedLessons { get; set; }
    /// <summary>Scheduled minutes of the reported lessons.</summary>
    public int ReportedMinutes { get; set; }
    public int ValidMinutes { get; set; }
    public int InvalidMinutes { get; set; }
    /// <summary>Lessons reported ogiltig (all reported lessons ogiltig: a whole day of invalid absence).</summary>
    public int InvalidLessons { get; set; }
    public int LeaveMinutes { get; set; }
    public int LateMinutes { get; set; }
    public int LateArrivals { get; set; }

    /// <summary>Lessons without a report (ej_rapporterad).</summary>
    public int UnreportedLessons => Lessons - ReportedLessons;
}
