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

public sealed record Ss12000Batch(
    IReadOnlyList<Ss12000SchoolRow> Schools, IReadOnlyList<Ss12000PupilRow> Pupils, IReadOnlyList<Ss12000LessonRow> Lessons,
    int CancelledLessons);

public sealed record Ss12000MapResult(Ss12000Batch? Batch, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Batch is not null;
}

/// <summary>
/// SS 12000 records → Närvaro's schools, pupils and attendance rows (docs/import-format.md, "SS 12000"). Pure: the
/// same snapshot and range always give the same rows or the same errors.
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

    public static Ss12000MapResult Map(Ss12000Snapshot snapshot, DateOnly from, DateOnly to)
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
        foreach (var (calendarEvent, attendance) in snapshot.Events)
        {
            var eventId = calendarEvent.Id ?? "(utan id)";
            if (calendarEvent.Cancelled == true)
            {
                cancelled++;
                continue; // not offered: no row, neither offered nor absent minutes
            }
            var subject = (calendarEvent.Embedded?.Activity?.DisplayName ?? calendarEvent.Activity?.DisplayName ?? "").Trim();
            if (subject.Length > AttendanceImporter.MaxSubjectLength) subject = subject[..AttendanceImporter.MaxSubjectLength];

            foreach (var record in attendance)
            {
                var student = record.Student?.Id;
                if (student is null)
                {
                    errors.Add($"Kalenderhändelse {eventId}: en närvaropost saknar elev.");
                    continue;
                }
                var where = $"Kalenderhändelse {eventId}, elev {student}";
                var exception = calendarEvent.StudentExceptions?.OfType<Ss12000StudentException>()
                    .FirstOrDefault(x => x.Student?.Id == student);
                if (exception?.Participates == false) continue; // this pupil was not taught at this event

                var start = ParseTime(exception?.StartTime) ?? ParseTime(calendarEvent.StartTime);
                var end = ParseTime(exception?.EndTime) ?? ParseTime(calendarEvent.EndTime);
                if (start is null || end is null)
                {
                    errors.Add($"{where}: startTime eller endTime saknas eller är inte en tidpunkt enligt RFC 3339.");
                    continue;
                }
                var localStart = Local(start.Value);
                var date = DateOnly.FromDateTime(localStart);
                if (date < from || date > to) continue; // outside the range asked for
                var startTime = TimeOnly.FromDateTime(localStart);
                var length = exception?.TeachingLength ?? calendarEvent.TeachingLengthStudent ?? (long)Math.Floor((end.Value - start.Value).TotalMinutes);
                if (length <= 0)
                {
                    errors.Add($"{where}: lektionens längd ({length} minuter) måste vara större än noll.");
                    continue;
                }
                if (startTime.Hour * 60 + startTime.Minute + length >= 24 * 60)
                {
                    errors.Add($"{where}: lektionen slutar efter midnatt (start {startTime:HH\\:mm}, {length} minuter).");
                    continue;
                }

                var (type, absent, error) = Classify(record, (int)length, start.Value, end.Value, leaves[student]);
                if (error is not null)
                {
                    errors.Add($"{where}: {error}");
                    continue;
                }
                if (keys.TryGetValue((student, date, startTime), out var other))
                {
                    errors.Add($"{where}: eleven har redan en lektion med samma datum och starttid ({date:yyyy-MM-dd} {startTime:HH\\:mm}) i kalenderhändelse {other}.");
                    continue;
                }
                keys.Add((student, date, startTime), eventId);
                lessons.Add(new Ss12000LessonRow(student, date, startTime, startTime.AddMinutes(length), subject, absent, type));
            }
        }

        if (errors.Count > 0)
            return new Ss12000MapResult(null, Limit(errors));
        var schools = pupils.Select(p => p.SchoolUnitCode).Distinct()
            .Select(code => schoolsById.Values.First(s => s.SchoolUnitCode == code)).ToList();
        return new Ss12000MapResult(new Ss12000Batch(schools, pupils, lessons, cancelled), []);
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
