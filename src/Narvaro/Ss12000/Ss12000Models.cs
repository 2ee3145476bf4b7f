using System.Text.Json.Serialization;

namespace Narvaro.Ss12000;

// The subset of SS 12000 v2.1 (openapi_ss12000_version2_1_0.yaml) that Närvaro reads. Unknown fields are ignored.
// Dates, times and enumerations are kept as text and parsed by the mapper, so one odd value becomes a clear
// validation error naming the record instead of a failed page.

/// <summary>Every list response: <c>{ "data": [...], "pageToken": "..." }</c>.</summary>
public sealed class Ss12000Page<T>
{
    public List<T?>? Data { get; set; }
    public string? PageToken { get; set; }
}

/// <summary>ObjectReference and its specialisations (PersonReference, GroupReference …).</summary>
public sealed class Ss12000Reference
{
    public string? Id { get; set; }
    public string? DisplayName { get; set; }
}

public sealed class Ss12000Organisation
{
    public string? Id { get; set; }
    public string? DisplayName { get; set; }
    public string? OrganisationType { get; set; }
    public string? SchoolUnitCode { get; set; }
}

public sealed class Ss12000Person
{
    public string? Id { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public Ss12000CivicNo? CivicNo { get; set; }
    public string? SecurityMarking { get; set; }
    public List<Ss12000Email?>? Emails { get; set; }
    public List<Ss12000Enrolment?>? Enrolments { get; set; }
}

public sealed class Ss12000CivicNo
{
    public string? Value { get; set; }
    public string? Nationality { get; set; }
}

public sealed class Ss12000Email
{
    public string? Type { get; set; }
    public string? Value { get; set; }
}

public sealed class Ss12000Enrolment
{
    public Ss12000Reference? EnroledAt { get; set; }
    public string? SchoolType { get; set; }
    public long? SchoolYear { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public bool? Cancelled { get; set; }
}

public sealed class Ss12000Group
{
    public string? Id { get; set; }
    public string? DisplayName { get; set; }
    public string? GroupType { get; set; }
    public Ss12000Reference? Organisation { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public List<Ss12000GroupMembership?>? GroupMemberships { get; set; }
}

public sealed class Ss12000GroupMembership
{
    public Ss12000Reference? Person { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
}

public sealed class Ss12000Duty
{
    public string? Id { get; set; }
    public Ss12000Reference? DutyAt { get; set; }
    public string? DutyRole { get; set; }
    public Ss12000Reference? Person { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public List<Ss12000AssignmentRole?>? AssignmentRole { get; set; }

    [JsonPropertyName("_embedded")]
    public Ss12000DutyEmbedded? Embedded { get; set; }
}

public sealed class Ss12000DutyEmbedded
{
    public Ss12000Person? Person { get; set; }
}

public sealed class Ss12000AssignmentRole
{
    public string? AssignmentRoleType { get; set; }
    public Ss12000Reference? Group { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
}

public sealed class Ss12000CalendarEvent
{
    public string? Id { get; set; }
    public Ss12000Reference? Activity { get; set; }
    public string? StartTime { get; set; }
    public string? EndTime { get; set; }
    public bool? Cancelled { get; set; }
    public long? TeachingLengthStudent { get; set; }
    public List<Ss12000StudentException?>? StudentExceptions { get; set; }

    [JsonPropertyName("_embedded")]
    public Ss12000CalendarEventEmbedded? Embedded { get; set; }
}

public sealed class Ss12000CalendarEventEmbedded
{
    public Ss12000Activity? Activity { get; set; }
    public List<Ss12000Attendance?>? Attendance { get; set; }
}

/// <summary>An Activity (embedded in a calendar event with expand=activity, or from /activities/{id}).</summary>
public sealed class Ss12000Activity
{
    public string? Id { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>Undervisning, Elevaktivitet, Provaktivitet, Läraraktivitet or Övrigt; optional in the spec.</summary>
    public string? ActivityType { get; set; }

    /// <summary>The groups taught at the activity's events (GroupReference); required by the spec, tolerated when missing.</summary>
    public List<Ss12000Reference?>? Groups { get; set; }
}

public sealed class Ss12000StudentException
{
    public Ss12000Reference? Student { get; set; }
    public bool? Participates { get; set; }
    public string? StartTime { get; set; }
    public string? EndTime { get; set; }
    public long? TeachingLength { get; set; }
}

public sealed class Ss12000Attendance
{
    public string? Id { get; set; }
    public Ss12000Reference? CalendarEvent { get; set; }
    public Ss12000Reference? Student { get; set; }
    public bool? IsReported { get; set; }
    public long? AttendanceMinutes { get; set; }
    public long? ValidAbsenceMinutes { get; set; }
    public long? InvalidAbsenceMinutes { get; set; }
    public long? OtherAttendanceMinutes { get; set; }
    public string? AbsenceReason { get; set; }
}

public sealed class Ss12000Absence
{
    public string? Id { get; set; }
    public string? StartTime { get; set; }
    public string? EndTime { get; set; }
    public Ss12000Reference? Student { get; set; }
    public string? Type { get; set; }
}

/// <summary>
/// An event with the attendance records that belong to it (embedded, or fetched for the event) and its activity
/// (embedded, or fetched by id; null when the event names none).
/// </summary>
public sealed record Ss12000EventWithAttendance(Ss12000CalendarEvent Event, IReadOnlyList<Ss12000Attendance> Attendance, Ss12000Activity? Activity);

/// <summary>Everything one source holds for a date range, fetched in full before anything is written.</summary>
public sealed record Ss12000Snapshot(
    IReadOnlyList<Ss12000Organisation> Organisations,
    IReadOnlyList<Ss12000Person> Pupils,
    IReadOnlyList<Ss12000Group> Groups,
    IReadOnlyList<Ss12000Duty> Duties,
    IReadOnlyList<Ss12000EventWithAttendance> Events,
    IReadOnlyList<Ss12000Absence> Absences);
