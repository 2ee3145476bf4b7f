using System.Net;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Ss12000;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Ss12000;

/// <summary>The recorded source in Fixtures/ imported into real SQLite: exact rows, paging, and faults that must leave nothing.</summary>
public sealed class Ss12000ImportFromRecordedSourceTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2026, 9, 7), To = new(2026, 9, 8);
    private const string Asa = "0b000000-0000-4000-8000-000000000001", Bo = "0b000000-0000-4000-8000-000000000002";

    private TestDatabase _database = null!;
    private readonly FixtureSource _source = new();

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<Ss12000ImportSummary> ImportAsync()
    {
        await using var db = _database.CreateContext();
        return await _source.CreateImport(db).ImportAsync(From, To);
    }

    [Fact]
    public async Task Import_maps_every_attendance_type_skips_cancelled_and_not_participating_lessons()
    {
        var summary = await ImportAsync();

        await using var db = _database.CreateContext();
        var audited = Assert.Single(await db.AuditLog.AsNoTracking().Where(a => a.Action == Ss12000Import.AuditAction).ToListAsync());
        Assert.StartsWith($"{From:yyyy-MM-dd} – {To:yyyy-MM-dd}: ", audited.Details);
        Assert.Contains($"{summary.Sources[0].Lessons} lektioner", audited.Details);
        var rows = await db.Attendance.Include(a => a.Pupil).AsNoTracking().ToListAsync();
        var actual = rows
            .OrderBy(a => a.Date).ThenBy(a => a.Start).ThenBy(a => a.Pupil!.ExternalId)
            .Select(a => $"{a.Pupil!.FirstName} {a.Date:yyyy-MM-dd} {a.Start:HH\\:mm}-{a.End:HH\\:mm} {a.ScheduledMinutes} {a.Subject} {a.AbsentMinutes} {a.Type}")
            .ToList();
        Assert.Equal(
        [
            "Åsa 2026-09-07 08:00-09:00 60 Matematik 0 Present",
            "Bo 2026-09-07 08:00-09:00 60 Matematik 60 Valid",
            "Åsa 2026-09-07 10:15-11:00 45 Engelska 12 Late",
            "Bo 2026-09-07 10:15-11:00 45 Engelska 45 Invalid",
            "Åsa 2026-09-07 13:00-14:00 60 Idrott och hälsa 0 NotReported",
            "Bo 2026-09-07 13:00-14:00 60 Idrott och hälsa 60 Leave",
            "Åsa 2026-09-08 08:00-09:00 60 Matematik 0 Present",
            // Lessons without a record for a pupil who was to attend (UnreportedLessonsFromRecordedSourceTests has the cases).
            "Åsa 2026-09-08 09:15-09:55 40 Svenska 0 NotReported",
            "Åsa 2026-09-08 10:15-10:45 30 Engelska 0 NotReported",
            "Åsa 2026-09-08 12:30-13:00 30 Mentorstid 0 NotReported",
            "Bo 2026-09-08 12:30-13:00 30 Mentorstid 0 Present",
        ], actual);

        var source = Assert.Single(summary.Sources);
        Assert.Equal(("Ekstad", 1, 2, 2, 11, 3, 1, 1, 1),
            (source.Source, source.Schools, source.Pupils, source.NewPupils, source.Lessons, source.NotReportedLessons, source.CancelledLessons,
                source.NotAttendanceEvents, source.NewMentorAccounts));
    }

    [Fact]
    public async Task Import_creates_school_class_pupils_and_mentor_under_the_configured_organisation()
    {
        await ImportAsync();

        await using var db = _database.CreateContext();
        var school = await db.Schools.Include(s => s.Organisation).SingleAsync();
        Assert.Equal(("12345678", "Ekskolan", "Ekstads kommun"), (school.SchoolUnitCode, school.Name, school.Organisation!.Name));
        var pupils = await db.Pupils.Include(p => p.Class).Include(p => p.Mentor).OrderBy(p => p.ExternalId).ToListAsync();
        Assert.Equal(
            [
                $"{Asa} Åsa Öberg 7 7A anna.larsson@ekskolan.se 201212121212 False",
                $"{Bo} Bo Ek 7 7A anna.larsson@ekskolan.se - True",
            ],
            pupils.Select(p => $"{p.ExternalId} {p.FirstName} {p.LastName} {p.GradeLevel} {p.Class!.Name} {p.Mentor?.Email} {p.PersonalIdentityNumber ?? "-"} {p.ProtectedIdentity}"));
        var mentor = pupils[0].Mentor!;
        Assert.Null(mentor.PasswordHash);
        // Named mentor of the pupil, and nothing else: the import grants no role and no school.
        Assert.Equal([StaffRoles.Mentor], await StaffAccess.RolesAsync(db, mentor.Id));
        Assert.False(await db.RoleAssignments.AnyAsync(a => a.UserId == mentor.Id));
        Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == mentor.Id));
    }

    [Fact]
    public async Task Import_follows_pageToken_and_repeats_the_required_time_range_on_every_page()
    {
        await ImportAsync();

        var calendar = _source.Requests.Where(r => r.Contains("/calendarEvents")).ToList();
        Assert.Equal(2, calendar.Count);
        Assert.Contains("expand=activity&expand=attendance", calendar[0]);
        Assert.DoesNotContain("pageToken", calendar[0]);
        Assert.Contains("pageToken=sida-2", calendar[1]);
        Assert.Contains("startTime.onOrAfter=2026-09-07T00%3A00%3A00%2B02%3A00", calendar[1]);
        Assert.DoesNotContain("expand", calendar[1]);
        // One token for the whole import: it is cached until it expires.
        Assert.Single(_source.Requests, r => r.StartsWith("POST " + FixtureSource.TokenEndpoint));
    }

    [Fact]
    public async Task Importing_the_same_range_twice_changes_nothing_the_second_time()
    {
        await ImportAsync();
        var before = await DatabaseDump.TakeAsync(_database);
        var second = await ImportAsync();
        Assert.Equal(before, await DatabaseDump.TakeAsync(_database));
        Assert.Equal(0, second.Sources[0].NewPupils);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_the_import_succeeds()
    {
        var tooMany = 0;
        _source.Fault = (request, _, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/persons") && ++tooMany <= 2
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(7)) } }
            : null);

        await ImportAsync();

        Assert.Equal(3, _source.Requests.Count(r => r.Contains("/persons")));
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], _source.Delays);
        await using var db = _database.CreateContext();
        Assert.Equal(11, await db.Attendance.CountAsync());
    }

    [Fact]
    public async Task Server_errors_until_the_retries_are_used_up_fail_the_import_and_change_nothing()
    {
        await ImportAsync();
        var before = await DatabaseDump.TakeAsync(_database);
        _source.Fault = (request, _, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/absences")
            ? FixtureSource.Json("""{"code":"internal","message":"Databasen svarar inte"}""", HttpStatusCode.ServiceUnavailable)
            : null);

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(ImportAsync);

        Assert.Equal(
            "SS 12000-källan \"Ekstad\" svarade med ett serverfel (HTTP 503, /absences, sida 1, 4 försök). Källans felmeddelande: \"Databasen svarar inte\". " +
            "Hämtningen avbröts och ingenting har ändrats i databasen.",
            failure.Message);
        Assert.Equal(4, _source.Requests.Count(r => r.Contains("/absences")) - 1); // the first import's one request
        Assert.Equal(3, _source.Delays.Count);
        Assert.True(_source.Delays[1] > _source.Delays[0] && _source.Delays[2] > _source.Delays[1], "back-off grows");
        Assert.Equal(before, await DatabaseDump.TakeAsync(_database));
    }

    [Fact]
    public async Task A_request_that_times_out_every_time_fails_the_import_with_the_reason()
    {
        var before = await DatabaseDump.TakeAsync(_database);
        _source.Fault = async (request, _, cancellationToken) =>
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/groups")) return null;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        };

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(ImportAsync);

        Assert.Equal(
            "SS 12000-källan \"Ekstad\" svarade inte inom 2 s (/groups, sida 1, 4 försök). Hämtningen avbröts och ingenting har ändrats i databasen.",
            failure.Message);
        Assert.Equal(before, await DatabaseDump.TakeAsync(_database));
    }

    [Fact]
    public async Task A_dropped_connection_while_paging_commits_nothing()
    {
        var before = await DatabaseDump.TakeAsync(_database);
        _source.Fault = (request, _, _) => request.RequestUri!.Query.Contains("pageToken=sida-2")
            ? throw new HttpRequestException("Connection reset by peer")
            : Task.FromResult<HttpResponseMessage?>(null);

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(ImportAsync);

        Assert.Equal(
            "Nätverksfel mot SS 12000-källan \"Ekstad\": Connection reset by peer (/calendarEvents, sida 2, 4 försök). " +
            "Hämtningen avbröts och ingenting har ändrats i databasen.",
            failure.Message);
        Assert.Equal(4, _source.Requests.Count(r => r.Contains("pageToken=sida-2")));
        Assert.Equal(before, await DatabaseDump.TakeAsync(_database));
    }

    [Fact]
    public async Task A_rejected_token_request_says_so_and_is_not_retried()
    {
        _source.Fault = (request, _, _) => Task.FromResult(request.RequestUri!.ToString() == FixtureSource.TokenEndpoint
            ? FixtureSource.Json("""{"error":"invalid_client"}""", HttpStatusCode.Unauthorized)
            : null);

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(ImportAsync);

        Assert.Equal(
            "Inloggningen mot SS 12000-källan \"Ekstad\" misslyckades: tokentjänsten nekade inloggningen (HTTP 401, invalid_client). " +
            "Kontrollera ClientId, ClientSecret och Scope. Hämtningen avbröts och ingenting har ändrats i databasen.",
            failure.Message);
        Assert.Single(_source.Requests);
    }
}
