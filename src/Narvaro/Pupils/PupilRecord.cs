using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Pupils;

/// <summary>Everything the pupil page shows about one pupil, as of one date, for one reader.</summary>
public sealed record PupilRecord(
    PupilHeader Pupil,
    IReadOnlyList<GuardianContact> Guardians,
    bool GuardianContactsHidden,
    PolicySettings Policy,
    DateOnly AsOf,
    DateOnly Today,
    OpenCaseStatus? OpenCase,
    IReadOnlyList<string> Flags,
    PeriodMeasures Window,
    bool Evaluated,
    IReadOnlyList<PeriodMeasures> Months,
    IReadOnlyList<HeatmapCell> Heatmap,
    IReadOnlyList<SubjectFigures> Subjects,
    IReadOnlyList<PatternFinding> Findings,
    SuggestedAbsenceLevel? Level,
    IReadOnlyList<PupilTaskLine> Tasks,
    IReadOnlyList<TimelineEntry> Timeline);

public sealed record PupilHeader(
    int Id, string ExternalId, string Name, string ClassName, string GradeLevel, int SchoolId, string SchoolName, string? MentorName,
    bool ProtectedIdentity);

/// <summary>A guardian; phone and e-mail are null when hidden (skyddad identitet) or not known.</summary>
public sealed record GuardianContact(string Name, string? Phone, string? Email);

public sealed record OpenCaseStatus(int CaseId, DateOnly OpenedOn, int Step, bool ContinuousInvalid, int LateLevel, bool ConcernRemains);

/// <summary>The measures over one period (the rolling window, or a calendar month up to the as-of date).</summary>
public sealed record PeriodMeasures(DateOnly From, DateOnly To, AbsenceMeasures Measures);

/// <summary>One weekday × lesson-of-the-day cell of the heatmap (slot 1 = the day's first lesson).</summary>
public sealed record HeatmapCell(DayOfWeek Weekday, int Slot, int Lessons, int AbsentLessons, int ReportedMinutes, int AbsentMinutes)
{
    public double AbsencePercent => ReportedMinutes == 0 ? 0 : 100.0 * AbsentMinutes / ReportedMinutes;
}

public sealed record SubjectFigures(string Subject, int Lessons, int AbsentLessons, int ReportedMinutes, int AbsentMinutes, int InvalidMinutes, int LateArrivals)
{
    public double AbsencePercent => ReportedMinutes == 0 ? 0 : 100.0 * AbsentMinutes / ReportedMinutes;
    public double InvalidPercent => ReportedMinutes == 0 ? 0 : 100.0 * InvalidMinutes / ReportedMinutes;
}

/// <summary>Bilaga 3's level (1–6) the data suggests, its name and why.</summary>
public sealed record SuggestedAbsenceLevel(int Level, string Name, string Reason);

public sealed record PupilTaskLine(
    int Id, string Code, string Title, string Role, DateOnly RaisedOn, DateOnly Due, bool Done, DateOnly? DoneOn, string? DoneBy,
    string? Note, bool Overdue);

public enum TimelineKind
{
    CaseEvent = 1,
    TaskRaised = 2,
    TaskDone = 3,
    WeeklyTalk = 4,
    ContactAttempt = 5,
    Checklist = 6,
    Document = 7,
}

/// <summary>One line of the case timeline, newest first; <see cref="LinkUrl"/> for a record that can be opened.</summary>
public sealed record TimelineEntry(
    DateOnly On, DateTime SortKey, TimelineKind Kind, string Text, string? Details, string? By, string? LinkUrl, string? LinkText);
