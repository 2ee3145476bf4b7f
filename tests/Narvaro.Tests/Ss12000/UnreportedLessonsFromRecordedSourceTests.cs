using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Narvaro.Ss12000;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Ss12000;

/// <summary>
/// Lessons the teacher never reported: the recorded source's events on Tuesday 8 September 2026 that lack attendance
/// records, imported into real SQLite with the import's clock at <see cref="FixtureSource.DefaultNow"/> (14:30).
/// The group members who were to attend get ej_rapporterad rows; the variations change one field of the recording
/// to show which field decides.
/// </summary>
public sealed class UnreportedLessonsFromRecordedSourceTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2026, 9, 7), To = new(2026, 9, 8);
    private static readonly DateOnly Tuesday = new(2026, 9, 8);

    private TestDatabase _database = null!;
    private readonly FixtureSource _source = new();

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_group_member_without_a_record_gets_a_not_reported_row_with_the_lesson_length_and_subject()
    {
        await ImportAsync();

        // Svenska 09:15–10:00 for the teaching group "Sv 7A", teachingLengthStudent 40, no records at all. Bo left the
        // group on 7 September; the third member is not one of the source's pupils.
        Assert.Equal(["Åsa 09:15-09:55 40 Svenska 0 NotReported"], await RowsAsync(Tuesday, new TimeOnly(9, 15)));
        var groups = Assert.Single(_source.Requests, r => r.Contains("/groups"));
        Assert.DoesNotContain("groupType", groups); // teaching groups are needed too, not only Klass and Mentor
    }

    [Fact]
    public async Task A_member_whose_membership_ended_before_the_lesson_gets_no_row_and_one_still_a_member_does()
    {
        await ImportAsync();
        Assert.DoesNotContain(await RowsAsync(Tuesday, new TimeOnly(9, 15)), r => r.StartsWith("Bo "));

        // The same recording with Bo's membership ending on the lesson's date (endDate is inclusive).
        RewriteFixture("groups", json => json.Replace("\"endDate\": \"2026-09-07\"", "\"endDate\": \"2026-09-08\""));
        await ImportAsync();
        Assert.Equal(
            ["Åsa 09:15-09:55 40 Svenska 0 NotReported", "Bo 09:15-09:55 40 Svenska 0 NotReported"],
            await RowsAsync(Tuesday, new TimeOnly(9, 15)));
    }

    [Fact]
    public async Task A_pupil_with_participates_false_gets_no_row_and_a_studentException_teachingLength_sets_the_length()
    {
        await ImportAsync();

        // Engelska 10:15–11:00 for class 7A without records: Bo participates: false; Åsa's exception says 30 minutes.
        Assert.Equal(["Åsa 10:15-10:45 30 Engelska 0 NotReported"], await RowsAsync(Tuesday, new TimeOnly(10, 15)));
    }

    [Fact]
    public async Task A_pupil_with_a_record_keeps_its_row_and_the_member_without_one_is_not_reported()
    {
        await ImportAsync();

        // Mentorstid (Elevaktivitet, which "ska närvarorapporteras") 12:30–13:00: only Bo has a record.
        Assert.Equal(
            ["Åsa 12:30-13:00 30 Mentorstid 0 NotReported", "Bo 12:30-13:00 30 Mentorstid 0 Present"],
            await RowsAsync(Tuesday, new TimeOnly(12, 30)));
    }

    /// <summary>
    /// Lunch 11:30–12:10 for class 7A, with a record for Åsa and none for Bo, recorded as "Övrigt"; each run gives the
    /// activity another type. Only the two types that "ska närvarorapporteras" produce rows, and then both.
    /// </summary>
    [Theory]
    [InlineData("Övrigt", false)]
    [InlineData("Läraraktivitet", false)]
    [InlineData("Provaktivitet", false)]
    [InlineData("Undervisning", true)]
    [InlineData("Elevaktivitet", true)]
    public async Task Only_activities_that_are_attendance_reported_give_rows_even_when_a_record_exists(string activityType, bool reported)
    {
        if (activityType != "Övrigt")
            RewriteFixture("calendarEvents", json => json.Replace("\"activityType\": \"Övrigt\"", $"\"activityType\": \"{activityType}\""));

        var summary = await ImportAsync();

        List<string> expected = reported ? ["Åsa 11:30-12:10 40 Lunch 0 Present", "Bo 11:30-12:10 40 Lunch 0 NotReported"] : [];
        Assert.Equal(expected, await RowsAsync(Tuesday, new TimeOnly(11, 30)));
        var source = Assert.Single(summary.Sources);
        Assert.Equal((reported ? 0 : 1, reported ? 4 : 3), (source.NotAttendanceEvents, source.NotReportedLessons));
    }

    /// <summary>Matematik 14:00–15:00 for class 7A has no records: it is unreported only once it has ended.</summary>
    [Theory]
    [InlineData("2026-09-08T14:30:00+02:00", false)]
    [InlineData("2026-09-08T14:59:59+02:00", false)]
    [InlineData("2026-09-08T15:00:00+02:00", true)]
    [InlineData("2026-09-09T07:00:00+02:00", true)]
    public async Task A_lesson_that_has_not_ended_by_the_import_time_gets_no_row(string now, bool ended)
    {
        _source.Now = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        await ImportAsync();

        List<string> expected = ended ? ["Åsa 14:00-15:00 60 Matematik 0 NotReported", "Bo 14:00-15:00 60 Matematik 0 NotReported"] : [];
        Assert.Equal(expected, await RowsAsync(Tuesday, new TimeOnly(14, 0)));
    }

    [Fact]
    public async Task An_activity_without_groups_gives_no_rows_until_it_names_a_group()
    {
        await ImportAsync();
        // Bild 13:15–14:00, Undervisning, no "groups" in the recording: no one is known to have been expected.
        Assert.Empty(await RowsAsync(Tuesday, new TimeOnly(13, 15)));

        RewriteFixture("calendarEvents", json => json.Replace(
            "\"displayName\": \"Bild\", \"calendarEventsRequired\": true, \"startDate\": \"2026-08-17\", \"organisation\": { \"id\": \"0a000000-0000-4000-8000-000000000002\" }, \"activityType\": \"Undervisning\"",
            "\"displayName\": \"Bild\", \"calendarEventsRequired\": true, \"startDate\": \"2026-08-17\", \"organisation\": { \"id\": \"0a000000-0000-4000-8000-000000000002\" }, \"activityType\": \"Undervisning\", \"groups\": [ { \"id\": \"0c000000-0000-4000-8000-000000000001\" } ]"));
        await ImportAsync();
        Assert.Equal(
            ["Åsa 13:15-14:00 45 Bild 0 NotReported", "Bo 13:15-14:00 45 Bild 0 NotReported"],
            await RowsAsync(Tuesday, new TimeOnly(13, 15)));
    }

    [Fact]
    public async Task A_source_that_ignores_expand_activity_is_asked_for_each_activity_once_and_gives_the_same_rows()
    {
        await ImportAsync();
        var embedded = await AllRowsAsync(_database);

        // The same source without _embedded.activity; /activities/{id} answers with the activity it had embedded.
        var activities = new Dictionary<string, string>();
        await using var other = await TestDatabase.CreateAsync();
        var source = new FixtureSource
        {
            Fault = async (request, _, ct) =>
            {
                var path = request.RequestUri!.AbsolutePath;
                if (path.StartsWith("/v2.0/activities/"))
                    return FixtureSource.Json(activities[path["/v2.0/activities/".Length..]]);
                if (path != "/v2.0/calendarEvents") return null;
                var page = JsonNode.Parse(await File.ReadAllTextAsync(FixtureSource.FixturePath(FixtureSource.FixtureFile(request.RequestUri)), ct))!;
                foreach (var item in page["data"]!.AsArray())
                {
                    var activity = item!["_embedded"]!.AsObject();
                    activities.TryAdd(activity["activity"]!["id"]!.GetValue<string>(), activity["activity"]!.ToJsonString());
                    activity.Remove("activity");
                }
                return FixtureSource.Json(page.ToJsonString());
            },
        };
        await using (var db = other.CreateContext())
            await source.CreateImport(db).ImportAsync(From, To);

        Assert.Equal(embedded, await AllRowsAsync(other));
        // Seven activities, each asked for once (the cancelled Svenska lesson shares its activity with a held one).
        var asked = source.Requests.Where(r => r.Contains("/activities/")).Select(r => r[(r.LastIndexOf('/') + 1)..]).ToList();
        Assert.Equal(7, asked.Count);
        Assert.Equal(asked.Distinct().Order(), activities.Keys.Order());
    }

    /// <summary>Responses that <see cref="RewriteFixture"/> actually changed; null while no rewrite is set.</summary>
    private int? _changedResponses;

    private async Task<Ss12000ImportSummary> ImportAsync()
    {
        await using var db = _database.CreateContext();
        var summary = await _source.CreateImport(db).ImportAsync(From, To);
        Assert.True(_changedResponses is null or > 0, "The rewrite did not change the recording.");
        return summary;
    }

    /// <summary>Answers requests for one endpoint with its recorded file, changed.</summary>
    private void RewriteFixture(string endpoint, Func<string, string> change)
    {
        _changedResponses = 0;
        _source.Fault = async (request, _, ct) =>
        {
            if (request.RequestUri!.AbsolutePath != $"/v2.0/{endpoint}") return null;
            var recorded = await File.ReadAllTextAsync(FixtureSource.FixturePath(FixtureSource.FixtureFile(request.RequestUri)), ct);
            var changed = change(recorded);
            if (changed != recorded) _changedResponses++; // the fetch asks one request at a time
            return FixtureSource.Json(changed);
        };
    }

    /// <summary>The rows of lessons starting at that date and time, by pupil (Åsa, then Bo).</summary>
    private async Task<List<string>> RowsAsync(DateOnly date, TimeOnly start)
    {
        await using var db = _database.CreateContext();
        var rows = await db.Attendance.Include(a => a.Pupil).AsNoTracking().Where(a => a.Date == date && a.Start == start).ToListAsync();
        return rows.OrderBy(a => a.Pupil!.ExternalId)
            .Select(a => $"{a.Pupil!.FirstName} {a.Start:HH\\:mm}-{a.End:HH\\:mm} {a.ScheduledMinutes} {a.Subject} {a.AbsentMinutes} {a.Type}")
            .ToList();
    }

    private static async Task<List<string>> AllRowsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var rows = await db.Attendance.Include(a => a.Pupil).AsNoTracking().ToListAsync();
        return rows.OrderBy(a => a.Date).ThenBy(a => a.Start).ThenBy(a => a.Pupil!.ExternalId)
            .Select(a => $"{a.Pupil!.ExternalId} {a.Date:yyyy-MM-dd} {a.Start:HH\\:mm}-{a.End:HH\\:mm} {a.Subject} {a.AbsentMinutes} {a.Type}")
            .ToList();
    }
}
