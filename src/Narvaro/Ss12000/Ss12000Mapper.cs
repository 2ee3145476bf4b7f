using System.Globalization;
using Narvaro.Domain;
using Narvaro.Import;

namespace Narvaro.Ss12000;

public sealed record Ss12000SchoolRow(string SchoolUnitCode, string Name);

public sealed record Ss12000PupilRow(
    string ExternalId, string FirstName, string LastName, string GradeLevel, string SchoolUnitCode, string ClassName,
    string? MentorEmail, string? PersonalIdentityNumber, bool ProtectedIdentity);

public sealed record Ss12000LessonRow(
    string ExternalId, DateOnly Date, TimeOnly Start, TimeOnly End, string Subject, int AbsentMinutes, AttendanceType Type);

/// <param name="NotReportedLessons">Rows added as ej_rapporterad for lessons that ended without an attendance record (part of Lessons).</param>
/// <param name="NotAttendanceEvents">Events skipped because their activity is not attendance-reported (Provaktivitet, Läraraktivitet, Övrigt).</param>
public sealed record Ss12000Batch(
    IReadOnlyList<Ss12000SchoolRow> Schools, IReadOnlyList<Ss12000PupilRow> Pupils, IReadOnlyList<Ss12000LessonRow> Lessons,
    int CancelledLessons, int NotReportedLessons, int NotAttendanceEvents);

public sealed record Ss12000MapResult(Ss12000Batch? Batch, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Batch is not null;
}

/// <summary>
/// SS 12000 records → Närvaro's schools, pupils and attendance rows (docs/import-format.md, "SS 12000"). Pure: the
/// same snapshot, range and cut-off always give the same rows or the same errors.
/// </summary>
public static class Ss12000Mapper
{
    public const string GrantedLeave = "Beviljad ledighet";
    public const string ClassGroup = "Klass";
    public const string MentorGroup = "Mentor";
    public const string MentorRole = "Mentor";
    public const string ProtectedRegistration = "Skyddad folkbokföring";

    private const int MaxSchoolName = 200, MaxClassName = 50, MaxExternalId = 64, MaxName = 100;

    /// <summary>Most errors listed; the rest are counted, as the CSV import does.</summary>
    public const int MaxErrors = 200;

    /// <summary>Activity types that "ska närvarorapporteras" (the Activity schema's activityType description).</summary>
    public static readonly IReadOnlySet<string> AttendanceReportedTypes = new HashSet<string>(StringComparer.Ordinal) { "Undervisning", "Elevaktivitet" };

    /// <summary>
    /// Activity types the spec does not have attendance-reported: Läraraktivitet and Övrigt "ska inte närvarorapporteras";
    /// Provaktivitet only defines test occasions and is not among the reported types.
    /// </summary>
    public static readonly IReadOnlySet<string> NotAttendanceReportedTypes = new HashSet<string>(StringComparer.Ordinal) { "Provaktivitet", "Läraraktivitet", "Övrigt" };

    /// <param name="reportedBefore">
    /// The cut-off (the import's "now"): a lesson without an attendance record becomes ej_rapporterad only if it ended
    /// at or before this time; a lesson still running or still to come is not yet unreported and gives no row.
    /// </param>
    public static Ss12000MapResult Map(Ss12000Snapshot snapshot, DateOnly from, DateOnly to, DateTimeOffset reportedBefore)
    {
        var errors = new List<string>();

        // School units: organisation elements with a valid skolenhetskod. Others (huvudman, förvaltning …) are structure only.
        var schoolsById = new Dictionary<string, Ss12000SchoolRow>(StringComparer.Ordinal);
        foreach (var o in snapshot.Organisations)
        {
            if (o.Id is null || o.SchoolUnitCode is null || !ImportValidation.IsSchoolUnitCode(o.SchoolUnitCode.Trim())) continue;
            var name = (o.DisplayName ?? "").Trim();
            if (name.Length == 0) errors.Add($"Skolenhet {o.SchoolUnitCode}: displayName saknas.");
            else if (name.Length > MaxSchoolName) errors.Add($"Skolenhet {o.SchoolUnitCode}: namnet får vara högst {MaxSchoolName} tecken.");
            else schoolsById[o.Id] = new Ss12000SchoolRow(o.SchoolUnitCode.Trim(), name);
        }

        var groups = snapshot.Groups.Where(g => g.Id is not null && Overlaps(g.StartDate, g.EndDate, from, to)).ToList();
        var mentorEmailsByGroup = MentorEmailsByGroup(snapshot, from, to);

        var pupils = new List<Ss12000PupilRow>();
        var pupilIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in snapshot.Pupils)
        {
            var id = person.Id ?? "";
            var enrolment = (person.Enrolments ?? []).OfType<Ss12000Enrolment>()
                .Where(e => e.Cancelled != true && e.EnroledAt?.Id is { } at && schoolsById.ContainsKey(at) && Overlaps(e.StartDate, e.EndDate, from, to))
                .OrderByDescending(e => e.StartDate, StringComparer.Ordinal)
                .FirstOrDefault();
            if (enrolment is null) continue; // not a pupil of a school unit this source reports
            var school = schoolsById[enrolment.EnroledAt!.Id!];
            var who = id.Length == 0 ? "En elev utan id" : $"Elev {id}";
            var before = errors.Count;

            if (id.Length == 0 || id.Length > MaxExternalId) errors.Add(id.Length == 0 ? "En elev i källans elevlista saknar id." : $"{who}: id får vara högst {MaxExternalId} tecken.");
            else if (!pupilIds.Add(id)) errors.Add($"{who} finns två gånger i källans elevlista.");
            var firstName = (person.GivenName ?? "").Trim();
            var lastName = (person.FamilyName ?? "").Trim();
            if (firstName.Length is 0 or > MaxName) errors.Add($"{who}: givenName saknas eller är längre än {MaxName} tecken.");
            if (lastName.Length is 0 or > MaxName) errors.Add($"{who}: familyName saknas eller är längre än {MaxName} tecken.");
            var grade = GradeLevel(enrolment);
            if (grade is null) errors.Add($"{who}: årskurs saknas eller är ogiltig (schoolYear {enrolment.SchoolYear?.ToString(CultureInfo.InvariantCulture) ?? "saknas"}, schoolType {enrolment.SchoolType ?? "saknas"}).");

            var classGroup = groups
                .Where(g => g.GroupType == ClassGroup && g.Organisation?.Id == enrolment.EnroledAt.Id && IsMember(g, id, from, to))
                .OrderBy(g => g.DisplayName, StringComparer.Ordinal)
                .FirstOrDefault();
            var className = (classGroup?.DisplayName ?? "").Trim();
            if (classGroup is null) errors.Add($"{who} är inte med i någon grupp av typen Klass på skolenhet {school.SchoolUnitCode}.");
            else if (className.Length is 0 or > MaxClassName) errors.Add($"{who}: klassens namn saknas eller är längre än {MaxClassName} tecken.");

            string? civicNo = null;
            if (!string.IsNullOrWhiteSpace(person.CivicNo?.Value))
            {
                civicNo = person.CivicNo.Value.Trim();
                if (!ImportValidation.IsPersonalIdentityNumber(civicNo))
                    errors.Add($"{who}: civicNo är inte ett giltigt personnummer eller samordningsnummer.");
            }

            // The class's mentor first, then mentor groups the pupil belongs to; one mentor per pupil in Närvaro.
            var mentorEmail = groups
                .Where(g => (g == classGroup || g.GroupType == MentorGroup) && IsMember(g, id, from, to))
                .OrderBy(g => g == classGroup ? 0 : 1).ThenBy(g => g.DisplayName, StringComparer.Ordinal)
                .SelectMany(g => mentorEmailsByGroup.TryGetValue(g.Id!, out var emails) ? emails : [])
                .FirstOrDefault();

            if (errors.Count == before)
                pupils.Add(new Ss12000PupilRow(id, firstName, lastName, grade!, school.SchoolUnitCode, className, mentorEmail, civicNo,
                    person.SecurityMarking == ProtectedRegistration));
        }

        var leaves = snapshot.Absences
            .Where(a => a.Type == GrantedLeave && a.Student?.Id is not null)
            .Select(a => (Student: a.Student!.Id!, Start: ParseTime(a.StartTime), End: ParseTime(a.EndTime)))
            .Where(a => a.Start is not null && a.End is not null)
            .ToLookup(a => a.Student, a => (Start: a.Start!.Value, End: a.End!.Value), StringComparer.Ordinal);

        var lessons = new List<Ss12000LessonRow>();
        var keys = new Dictionary<(string, DateOnly, TimeOnly), string>();
        var cancelled = 0;
        var notAttendanceActivities = 0;
        var toSynthesise = new List<(Ss12000CalendarEvent Event, Ss12000Activity Activity, IReadOnlyList<Ss12000Attendance> Attendance)>();
        foreach (var (calendarEvent, attendance, activity) in snapshot.Events)
        {
            var eventId = calendarEvent.Id ?? "(utan id)";
            if (calendarEvent.Cancelled == true)
            {
                cancelled++;
                continue; // not offered: no row, neither offered nor absent minutes
            }
            if (activity?.ActivityType is { } activityType && NotAttendanceReportedTypes.Contains(activityType))
            {
                notAttendanceActivities++;
                continue; // lunch, homework help, staff time …: not a lesson, so no row even when a record exists
            }
            // Without groups nobody is known to have been expected, so only the records count.
            if (activity?.ActivityType is { } reportedType && AttendanceReportedTypes.Contains(reportedType) && (activity.Groups ?? []).Any(g => g?.Id is not null))
                toSynthesise.Add((calendarEvent, activity, attendance));
            var subject = Subject(calendarEvent, activity);

            foreach (var record in attendance)
            {
                var student = record.Student?.Id;
                if (student is null)
                {
                    errors.Add($"Kalenderhändelse {eventId}: en närvaropost saknar elev.");
                    continue;
                }
                var where = $"Kalenderhändelse {eventId}, elev {student}";
                var exception = ExceptionFor(calendarEvent, student);
                if (exception?.Participates == false) continue; // this pupil was not taught at this event

                if (LessonOf(calendarEvent, exception, where, errors) is not { } lesson) continue;
                if (lesson.Date < from || lesson.Date > to) continue; // outside the range asked for

                var (type, absent, error) = Classify(record, lesson.Length, lesson.StartInstant, lesson.EndInstant, leaves[student]);
                if (error is not null)
                {
                    errors.Add($"{where}: {error}");
                    continue;
                }
                if (keys.TryGetValue((student, lesson.Date, lesson.Start), out var other))
                {
                    errors.Add($"{where}: eleven har redan en lektion med samma datum och starttid ({lesson.Date:yyyy-MM-dd} {lesson.Start:HH\\:mm}) i kalenderhändelse {other}.");
                    continue;
                }
                keys.Add((student, lesson.Date, lesson.Start), eventId);
                lessons.Add(new Ss12000LessonRow(student, lesson.Date, lesson.Start, lesson.Start.AddMinutes(lesson.Length), subject, absent, type));
            }
        }

        // Lessons that were offered but never reported: after every record, so a record's row always wins its key.
        var importedPupils = pupils.Select(p => p.ExternalId).ToHashSet(StringComparer.Ordinal);
        var groupsById = snapshot.Groups.Where(g => g.Id is not null).GroupBy(g => g.Id!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var notReported = 0;
        foreach (var (calendarEvent, activity, attendance) in toSynthesise)
        {
            var eventId = calendarEvent.Id ?? "(utan id)";
            var subject = Subject(calendarEvent, activity);
            var recorded = attendance.Select(a => a.Student?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var student in ExpectedPupils(calendarEvent, activity, groupsById, importedPupils))
            {
                if (recorded.Contains(student)) continue;
                var where = $"Kalenderhändelse {eventId}, elev {student}";
                if (LessonOf(calendarEvent, ExceptionFor(calendarEvent, student), where, errors) is not { } lesson) continue;
                if (lesson.Date < from || lesson.Date > to) continue;
                if (lesson.EndInstant > reportedBefore) continue; // not over yet, so not yet unreported
                if (!IsMemberOn(calendarEvent, activity, groupsById, student, lesson.Date)) continue;
                // The pupil already has a lesson at that time (a record, or another group's event): that one stands.
                if (!keys.TryAdd((student, lesson.Date, lesson.Start), eventId)) continue;
                lessons.Add(new Ss12000LessonRow(student, lesson.Date, lesson.Start, lesson.Start.AddMinutes(lesson.Length), subject, 0, AttendanceType.NotReported));
                notReported++;
            }
        }

        if (errors.Count > 0)
            return new Ss12000MapResult(null, Limit(errors));
        var schools = pupils.Select(p => p.SchoolUnitCode).Distinct()
            .Select(code => schoolsById.Values.First(s => s.SchoolUnitCode == code)).ToList();
        return new Ss12000MapResult(new Ss12000Batch(schools, pupils, lessons, cancelled, notReported, notAttendanceActivities), []);
    }

    /// <summary>
    /// One attendance record → type and absent minutes. Order: not reported; no absence (present); granted leave over
    /// the lesson; valid and invalid together; invalid only (late when the pupil attended the rest); valid only.
    /// </summary>
    public static (AttendanceType Type, int AbsentMinutes, string? Error) Classify(
        Ss12000Attendance record, int length, DateTimeOffset lessonStart, DateTimeOffset lessonEnd,
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> grantedLeave)
    {
        if (record.IsReported != true)
            return (AttendanceType.NotReported, 0, null);
        long valid = record.ValidAbsenceMinutes ?? 0, invalid = record.InvalidAbsenceMinutes ?? 0;
        long attended = record.AttendanceMinutes ?? 0, other = record.OtherAttendanceMinutes ?? 0;
        if (valid < 0 || invalid < 0 || attended < 0 || other < 0)
            return (default, 0, "närvaropostens minuter får inte vara negativa.");
        var absent = valid + invalid;
        if (absent > length)
            return (default, 0, $"frånvaron ({absent} minuter) är längre än lektionen ({length} minuter).");
        if (absent == 0)
            return (AttendanceType.Present, 0, null);
        if (grantedLeave.Any(l => l.Start < lessonEnd && l.End > lessonStart))
            return (AttendanceType.Leave, (int)absent, null);
        if (valid > 0 && invalid > 0)
            return (AttendanceType.Invalid, (int)absent, null);
        if (invalid > 0)
            return invalid < length && attended > 0
                ? (AttendanceType.Late, (int)invalid, null)
                : (AttendanceType.Invalid, (int)invalid, null);
        return (AttendanceType.Valid, (int)valid, null);
    }

    /// <summary>F for förskoleklass (or school year 0), otherwise the school year 1–9.</summary>
    public static string? GradeLevel(Ss12000Enrolment enrolment) =>
        enrolment.SchoolType == "FKLASS" || enrolment.SchoolYear == 0 ? "F"
        : enrolment.SchoolYear is >= 1 and <= 9 ? enrolment.SchoolYear.Value.ToString(CultureInfo.InvariantCulture)
        : null;

    /// <summary>Group id → e-mail addresses of the mentors assigned to it in the range, in a stable order.</summary>
    private static Dictionary<string, List<string>> MentorEmailsByGroup(Ss12000Snapshot snapshot, DateOnly from, DateOnly to)
    {
        var emailsByPerson = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in snapshot.Duties.Select(d => d.Embedded?.Person).Concat(snapshot.Pupils))
        {
            if (person?.Id is null || emailsByPerson.ContainsKey(person.Id)) continue;
            var email = (person.Emails ?? []).OfType<Ss12000Email>()
                .Where(e => e.Value is not null && ImportValidation.IsEmail(e.Value.Trim()))
                .OrderBy(e => e.Type == "Skola personal" ? 0 : 1)
                .Select(e => e.Value!.Trim())
                .FirstOrDefault();
            if (email is not null) emailsByPerson.Add(person.Id, email);
        }

        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var duty in snapshot.Duties)
        {
            if (!Overlaps(duty.StartDate, duty.EndDate, from, to)) continue;
            var personId = duty.Person?.Id ?? duty.Embedded?.Person?.Id;
            if (personId is null || !emailsByPerson.TryGetValue(personId, out var email)) continue;
            foreach (var role in (duty.AssignmentRole ?? []).OfType<Ss12000AssignmentRole>())
            {
                if (role.AssignmentRoleType != MentorRole || role.Group?.Id is not { } groupId || !Overlaps(role.StartDate, role.EndDate, from, to)) continue;
                if (!result.TryGetValue(groupId, out var emails)) result.Add(groupId, emails = []);
                if (!emails.Contains(email, StringComparer.OrdinalIgnoreCase)) emails.Add(email);
            }
        }
        foreach (var emails in result.Values) emails.Sort(StringComparer.OrdinalIgnoreCase);
        return result;
    }

    /// <summary>One pupil's lesson at an event: Swedish date and start (whole minutes), length in minutes, and the source's instants.</summary>
    private sealed record Lesson(DateOnly Date, TimeOnly Start, int Length, DateTimeOffset StartInstant, DateTimeOffset EndInstant);

    /// <summary>
    /// The pupil's lesson at the event: the exception's times or the event's; length = the exception's teachingLength,
    /// else teachingLengthStudent, else end − start. Null (with an error added) when the times or the length are unusable.
    /// </summary>
    private static Lesson? LessonOf(Ss12000CalendarEvent calendarEvent, Ss12000StudentException? exception, string where, List<string> errors)
    {
        var start = ParseTime(exception?.StartTime) ?? ParseTime(calendarEvent.StartTime);
        var end = ParseTime(exception?.EndTime) ?? ParseTime(calendarEvent.EndTime);
        if (start is null || end is null)
        {
            errors.Add($"{where}: startTime eller endTime saknas eller är inte en tidpunkt enligt RFC 3339.");
            return null;
        }
        var localStart = Local(start.Value);
        var startTime = TimeOnly.FromDateTime(localStart);
        var length = exception?.TeachingLength ?? calendarEvent.TeachingLengthStudent ?? (long)Math.Floor((end.Value - start.Value).TotalMinutes);
        if (length <= 0)
        {
            errors.Add($"{where}: lektionens längd ({length} minuter) måste vara större än noll.");
            return null;
        }
        if (startTime.Hour * 60 + startTime.Minute + length >= 24 * 60)
        {
            errors.Add($"{where}: lektionen slutar efter midnatt (start {startTime:HH\\:mm}, {length} minuter).");
            return null;
        }
        return new Lesson(DateOnly.FromDateTime(localStart), startTime, (int)length, start.Value, end.Value);
    }

    private static Ss12000StudentException? ExceptionFor(Ss12000CalendarEvent calendarEvent, string student) =>
        calendarEvent.StudentExceptions?.OfType<Ss12000StudentException>().FirstOrDefault(x => x.Student?.Id == student);

    private static string Subject(Ss12000CalendarEvent calendarEvent, Ss12000Activity? activity)
    {
        var subject = (activity?.DisplayName ?? calendarEvent.Activity?.DisplayName ?? "").Trim();
        return subject.Length > AttendanceImporter.MaxSubjectLength ? subject[..AttendanceImporter.MaxSubjectLength] : subject;
    }

    /// <summary>
    /// The imported pupils who were to attend the event: members (at any time) of the activity's groups and pupils with a
    /// studentException that does not say participates: false, minus those it does. Membership on the lesson's date is
    /// checked per pupil (<see cref="IsMemberOn"/>), in a stable order.
    /// </summary>
    private static IEnumerable<string> ExpectedPupils(
        Ss12000CalendarEvent calendarEvent, Ss12000Activity activity, Dictionary<string, Ss12000Group> groupsById, HashSet<string> importedPupils)
    {
        var exceptions = (calendarEvent.StudentExceptions ?? []).OfType<Ss12000StudentException>().Where(x => x.Student?.Id is not null).ToList();
        var excluded = exceptions.Where(x => x.Participates == false).Select(x => x.Student!.Id!).ToHashSet(StringComparer.Ordinal);
        var members = GroupsOf(activity, groupsById)
            .SelectMany(g => (g.GroupMemberships ?? []).OfType<Ss12000GroupMembership>())
            .Select(m => m.Person?.Id).OfType<string>()
            .Concat(exceptions.Where(x => x.Participates != false).Select(x => x.Student!.Id!));
        return members.Where(id => importedPupils.Contains(id) && !excluded.Contains(id))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }

    /// <summary>A member of one of the activity's groups on that date (membership startDate/endDate, both inclusive), or added by a studentException.</summary>
    private static bool IsMemberOn(
        Ss12000CalendarEvent calendarEvent, Ss12000Activity activity, Dictionary<string, Ss12000Group> groupsById, string student, DateOnly date) =>
        ExceptionFor(calendarEvent, student) is { Participates: not false }
        || GroupsOf(activity, groupsById).Any(g => IsMember(g, student, date, date));

    private static IEnumerable<Ss12000Group> GroupsOf(Ss12000Activity activity, Dictionary<string, Ss12000Group> groupsById) =>
        (activity.Groups ?? []).Select(g => g?.Id).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(id => groupsById.GetValueOrDefault(id)).OfType<Ss12000Group>();

    private static bool IsMember(Ss12000Group group, string personId, DateOnly from, DateOnly to) =>
        (group.GroupMemberships ?? []).OfType<Ss12000GroupMembership>()
            .Any(m => m.Person?.Id == personId && Overlaps(m.StartDate, m.EndDate, from, to));

    /// <summary>Whether [start, end] (either open when missing or unreadable) overlaps [from, to].</summary>
    private static bool Overlaps(string? start, string? end, DateOnly from, DateOnly to) =>
        (!TryDate(start, out var s) || s <= to) && (!TryDate(end, out var e) || e >= from);

    private static bool TryDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>Stockholm wall-clock time, whole minutes (Närvaro keys lessons by minute).</summary>
    private static DateTime Local(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, SwedishTime.Zone).DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
    }

    private static List<string> Limit(List<string> errors) =>
        errors.Count <= MaxErrors ? errors : [.. errors.Take(MaxErrors), $"… och {errors.Count - MaxErrors} fel till"];
}
