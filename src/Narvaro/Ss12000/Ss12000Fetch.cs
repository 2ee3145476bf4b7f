using System.Globalization;
using Narvaro.Domain;

namespace Narvaro.Ss12000;

/// <summary>Fetches everything the import needs for a date range, into memory, before anything is written.</summary>
public static class Ss12000Fetch
{
    public static async Task<Ss12000Snapshot> SnapshotAsync(Ss12000Client client, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var organisations = await client.GetAllAsync<Ss12000Organisation>("/organisations", [], cancellationToken);
        var pupils = await client.GetAllAsync<Ss12000Person>("/persons", [new("relationship.entity.type", "enrolment")], cancellationToken);
        // Every group type: classes and mentor groups for the pupils, and whatever groups activities are taught to
        // (Undervisning, Schema …) for the lessons that have no attendance record.
        var groups = await client.GetAllAsync<Ss12000Group>("/groups", [], cancellationToken);
        var duties = await client.GetAllAsync<Ss12000Duty>("/duties", [new("expand", "person")], cancellationToken);

        // startTime.* are required by the spec, so they go with every page, pageToken or not.
        List<KeyValuePair<string, string>> range =
        [
            new("startTime.onOrAfter", Rfc3339(from, TimeOnly.MinValue)),
            new("startTime.onOrBefore", Rfc3339(to, new TimeOnly(23, 59, 59))),
        ];
        var calendarEvents = await client.GetAllAsync<Ss12000CalendarEvent>("/calendarEvents",
            [.. range, new("expand", "activity"), new("expand", "attendance"), new("expandReferenceNames", "true")], cancellationToken,
            requiredOnEveryPage: range);

        // A server that ignores expand=activity leaves _embedded.activity out; ask for each such activity once.
        var activities = new Dictionary<string, Ss12000Activity?>(StringComparer.Ordinal);
        foreach (var embedded in calendarEvents.Select(e => e.Embedded?.Activity))
            if (embedded?.Id is { } id) activities.TryAdd(id, embedded);
        foreach (var calendarEvent in calendarEvents)
        {
            if (calendarEvent.Cancelled == true || calendarEvent.Embedded?.Activity is not null || calendarEvent.Activity?.Id is not { Length: > 0 } id
                || activities.ContainsKey(id))
                continue;
            activities.Add(id, await client.GetJsonAsync<Ss12000Activity>($"/activities/{Uri.EscapeDataString(id)}", [], cancellationToken));
        }

        var events = new List<Ss12000EventWithAttendance>(calendarEvents.Count);
        foreach (var calendarEvent in calendarEvents)
        {
            var activity = calendarEvent.Embedded?.Activity
                ?? (calendarEvent.Activity?.Id is { } activityId ? activities.GetValueOrDefault(activityId) : null);
            var embedded = calendarEvent.Embedded?.Attendance;
            // A server that ignores expand=attendance leaves _embedded.attendance out; ask for the event's records.
            var attendance = embedded is not null
                ? embedded.OfType<Ss12000Attendance>().ToList()
                : calendarEvent.Cancelled == true || string.IsNullOrEmpty(calendarEvent.Id)
                    ? []
                    : await client.GetAllAsync<Ss12000Attendance>("/attendances", [new("calendarEvent", calendarEvent.Id)], cancellationToken);
            events.Add(new Ss12000EventWithAttendance(calendarEvent, attendance, activity));
        }

        var absences = await client.GetAllAsync<Ss12000Absence>("/absences",
            [new("startTime.onOrBefore", Rfc3339(to, new TimeOnly(23, 59, 59))), new("endTime.onOrAfter", Rfc3339(from, TimeOnly.MinValue))],
            cancellationToken);

        return new Ss12000Snapshot(organisations, pupils, groups, duties, events, absences);
    }

    /// <summary>A Stockholm wall-clock time as RFC 3339 with its offset, e.g. 2026-09-01T00:00:00+02:00.</summary>
    public static string Rfc3339(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        var offset = SwedishTime.Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
