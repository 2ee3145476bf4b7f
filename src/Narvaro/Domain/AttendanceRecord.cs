namespace Narvaro.Domain;

/// <summary>One pupil's attendance at one scheduled lesson. Key: (pupil, date, start).</summary>
public class AttendanceRecord
{
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    /// <summary>End − start, stored so the measures aggregate without date arithmetic in SQL.</summary>
    public int ScheduledMinutes { get; set; }
    public string Subject { get; set; } = "";
    public int AbsentMinutes { get; set; }
    public AttendanceType Type { get; set; }
}
