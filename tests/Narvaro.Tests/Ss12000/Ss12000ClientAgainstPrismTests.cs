using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Narvaro.Cli;
using Narvaro.Ss12000;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Ss12000;

/// <summary>
/// The client against an independent peer: Prism serving the official SS 12000 v2.1 file. Prism's static answers are
/// the file's own examples (with null list items and "pageToken": "pageToken" on every page); its dynamic answers
/// (Prefer: dynamic=true) are random schema-valid data.
/// </summary>
[Collection(PrismCollection.Name)]
public sealed class Ss12000ClientAgainstPrismTests(PrismServer prism)
{
    private static readonly DateOnly From = new(2026, 9, 7), To = new(2026, 9, 11);

    public static TheoryData<string> Endpoints => ["/organisations", "/persons", "/groups", "/duties", "/activities", "/calendarEvents", "/attendances", "/absences"];

    private Ss12000Client Client(bool dynamic, int maxPages = 10_000, PageRecorder? recorder = null)
    {
        HttpMessageHandler handler = new SocketsHttpHandler();
        if (recorder is not null)
        {
            recorder.InnerHandler = handler;
            handler = recorder;
        }
        if (dynamic) handler = new PreferDynamic { InnerHandler = handler };
        return new Ss12000Client(new HttpClient(handler), prism.Options(maxPages), TimeProvider.System, NullLogger.Instance);
    }

    private static List<KeyValuePair<string, string>> Range =>
        [new("startTime.onOrAfter", Ss12000Fetch.Rfc3339(From, TimeOnly.MinValue)), new("startTime.onOrBefore", Ss12000Fetch.Rfc3339(To, new TimeOnly(23, 59, 59)))];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Static_example_pages_parse_and_endless_paging_is_stopped_with_a_reason(string path)
    {
        var client = Client(dynamic: false);
        var query = path == "/calendarEvents" ? [.. Range, new("expand", "activity"), new("expand", "attendance")] : new List<KeyValuePair<string, string>>();

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(() => GetAllAsync(client, path, query, path == "/calendarEvents" ? Range : null));

        // Page 1 parsed, page 2 was asked for with the token and parsed, and its repeated token stopped the loop.
        Assert.Equal($"SS 12000-källan \"Prism\" skickade samma pageToken (\"pageToken\") igen på sida 2 av {path}, så sidorna skulle aldrig ta slut.", failure.Message);
    }

    private enum PagingStop { NormalEnd, MaxPages, RepeatedToken }

    /// <summary>
    /// Prism's dynamic answers are random: 0–5 items a page and a pageToken that is a random string or null. Each run
    /// reads the endpoint with MaxPages 2; the reason paging must stop is worked out from what Prism actually sent
    /// (recorded on the wire), and the client's outcome must match it exactly. Runs repeat until the endpoint has
    /// both ended normally with items (each checked against the schema's required fields) and hit MaxPages.
    /// </summary>
    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Dynamic_schema_valid_answers_parse_with_their_required_fields_and_paging_stops_for_the_reason_on_the_wire(string path)
    {
        const int maxPages = 2, maxRuns = 100;
        var query = path == "/calendarEvents" ? [.. Range, new("expand", "activity"), new("expand", "attendance")] : new List<KeyValuePair<string, string>>();
        var stops = new List<PagingStop>();
        var itemsChecked = 0;

        for (var run = 1; run <= maxRuns && !(stops.Contains(PagingStop.MaxPages) && itemsChecked > 0); run++)
        {
            var recorder = new PageRecorder(prism.BaseUrl + path);
            var client = Client(dynamic: true, maxPages, recorder);
            List<object>? items = null;
            Ss12000Exception? failure = null;
            try
            {
                items = await GetAllAsync(client, path, query, path == "/calendarEvents" ? Range : null);
            }
            catch (Ss12000Exception ex)
            {
                failure = ex;
            }

            var pages = recorder.Pages;
            Assert.NotEmpty(pages);
            // Paging itself: the first request has no token, every later one the token of the page before.
            Assert.Null(pages[0].TokenSent);
            for (var i = 1; i < pages.Count; i++)
                Assert.Equal(pages[i - 1].TokenReceived, pages[i].TokenSent);

            var (stop, lastPage) = ExpectedStop(pages, maxPages, failure);
            Assert.True(pages.Count == lastPage, $"Run {run}: paging should have stopped ({stop}) after page {lastPage}, but {pages.Count} pages were requested.");
            switch (stop)
            {
                case PagingStop.NormalEnd:
                    Assert.True(failure is null, $"Run {run}: the last page had no pageToken, yet the client failed: {failure?.Message}");
                    Assert.Equal(pages.Sum(p => p.Items), items!.Count);
                    foreach (var item in items)
                        AssertRequiredFields(item);
                    itemsChecked += items.Count;
                    break;
                case PagingStop.MaxPages:
                    Assert.Equal($"Listan {path} från SS 12000-källan \"Prism\" har fler än {maxPages} sidor, mer än inställningen MaxPages tillåter.", failure?.Message);
                    break;
                case PagingStop.RepeatedToken:
                    Assert.Equal(
                        $"SS 12000-källan \"Prism\" skickade samma pageToken (\"{pages[^1].TokenReceived}\") igen på sida {lastPage} av {path}, så sidorna skulle aldrig ta slut.",
                        failure?.Message);
                    break;
            }
            stops.Add(stop);
        }

        Assert.True(itemsChecked > 0, $"No run of {path} ended normally with items in {stops.Count} runs ({string.Join(", ", stops)}).");
        Assert.Contains(PagingStop.NormalEnd, stops);
        Assert.Contains(PagingStop.MaxPages, stops);
    }

    /// <summary>Why the client must stop, from the pages Prism sent, in the client's documented order of checks.</summary>
    private static (PagingStop Stop, int LastPage) ExpectedStop(IReadOnlyList<RecordedPage> pages, int maxPages, Ss12000Exception? failure)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pages.Count; i++)
        {
            var token = pages[i].TokenReceived;
            if (string.IsNullOrEmpty(token)) return (PagingStop.NormalEnd, i + 1);
            if (!tokens.Add(token)) return (PagingStop.RepeatedToken, i + 1);
            if (i + 1 == maxPages) return (PagingStop.MaxPages, i + 1);
        }
        throw new Xunit.Sdk.XunitException($"The client stopped after page {pages.Count} for no reason on the wire: {failure?.Message ?? "no failure"}");
    }

    private static readonly string[] GroupTypes = ["Undervisning", "Klass", "Mentor", "Provgrupp", "Schema", "Avdelning", "Personalgrupp", "Övrigt"];
    private static readonly string[] ActivityTypes = ["Undervisning", "Elevaktivitet", "Provaktivitet", "Läraraktivitet", "Övrigt"];
    private static readonly string[] AbsenceTypes = [Ss12000Mapper.GrantedLeave, "Anmäld frånvaro"];

    /// <summary>The schema's required fields that Närvaro reads: ids are UUIDs, dates and times parse, enumerations hold a listed value.</summary>
    private static void AssertRequiredFields(object item)
    {
        switch (item)
        {
            case Ss12000Organisation o:
                AssertUuid(o.Id);
                Assert.False(string.IsNullOrWhiteSpace(o.DisplayName));
                Assert.False(string.IsNullOrWhiteSpace(o.OrganisationType));
                break;
            case Ss12000Person p:
                AssertUuid(p.Id);
                Assert.False(string.IsNullOrWhiteSpace(p.GivenName));
                Assert.False(string.IsNullOrWhiteSpace(p.FamilyName));
                break;
            case Ss12000Group g:
                AssertUuid(g.Id);
                Assert.False(string.IsNullOrWhiteSpace(g.DisplayName));
                Assert.Contains(g.GroupType, GroupTypes);
                AssertUuid(g.Organisation?.Id);
                AssertDate(g.StartDate);
                break;
            case Ss12000Duty d:
                AssertUuid(d.Id);
                AssertUuid(d.DutyAt?.Id);
                Assert.False(string.IsNullOrWhiteSpace(d.DutyRole));
                AssertDate(d.StartDate);
                break;
            case Ss12000Activity a:
                AssertUuid(a.Id);
                Assert.False(string.IsNullOrWhiteSpace(a.DisplayName));
                Assert.NotEmpty(a.Groups ?? []);
                Assert.All(a.Groups!, g => AssertUuid(g?.Id));
                if (a.ActivityType is not null) Assert.Contains(a.ActivityType, ActivityTypes);
                break;
            case Ss12000CalendarEvent e:
                AssertUuid(e.Id);
                AssertUuid(e.Activity?.Id);
                AssertTime(e.StartTime);
                AssertTime(e.EndTime);
                if (e.Embedded?.Activity is { } embedded) AssertRequiredFields(embedded);
                break;
            case Ss12000Attendance a:
                AssertUuid(a.Id);
                AssertUuid(a.CalendarEvent?.Id);
                AssertUuid(a.Student?.Id);
                Assert.NotNull(a.IsReported);
                break;
            case Ss12000Absence a:
                AssertUuid(a.Id);
                AssertTime(a.StartTime);
                AssertTime(a.EndTime);
                AssertUuid(a.Student?.Id);
                Assert.Contains(a.Type, AbsenceTypes);
                break;
            default:
                throw new Xunit.Sdk.XunitException($"No schema check for {item.GetType().Name}.");
        }
    }

    private static void AssertUuid(string? value) =>
        Assert.True(Guid.TryParse(value, out _), $"Not a UUID: \"{value}\"");

    private static void AssertDate(string? value) =>
        Assert.True(DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"Not a date: \"{value}\"");

    private static void AssertTime(string? value) =>
        Assert.True(DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"Not a date-time: \"{value}\"");

    private static async Task<List<object>> GetAllAsync(Ss12000Client client, string path, List<KeyValuePair<string, string>> query, List<KeyValuePair<string, string>>? every)
    {
        var ct = CancellationToken.None;
        return path switch
        {
            "/organisations" => [.. await client.GetAllAsync<Ss12000Organisation>(path, query, ct, every)],
            "/persons" => [.. await client.GetAllAsync<Ss12000Person>(path, query, ct, every)],
            "/groups" => [.. await client.GetAllAsync<Ss12000Group>(path, query, ct, every)],
            "/duties" => [.. await client.GetAllAsync<Ss12000Duty>(path, query, ct, every)],
            "/activities" => [.. await client.GetAllAsync<Ss12000Activity>(path, query, ct, every)],
            "/calendarEvents" => [.. await client.GetAllAsync<Ss12000CalendarEvent>(path, query, ct, every)],
            "/attendances" => [.. await client.GetAllAsync<Ss12000Attendance>(path, query, ct, every)],
            _ => [.. await client.GetAllAsync<Ss12000Absence>(path, query, ct, every)],
        };
    }

    [Fact]
    public async Task Static_activity_by_id_parses_with_its_type_and_null_group_items()
    {
        // What the fetch asks for when a source ignores expand=activity.
        var activity = await Client(dynamic: false).GetJsonAsync<Ss12000Activity>(
            "/activities/046b6c7f-0b8a-43b9-b35d-6489e6daee91", [], CancellationToken.None);

        Assert.Equal(("046b6c7f-0b8a-43b9-b35d-6489e6daee91", "displayName", "Undervisning"), (activity!.Id, activity.DisplayName, activity.ActivityType));
        Assert.Equal([null, null], activity.Groups);
    }

    [Fact]
    public async Task Static_person_page_has_two_null_items_that_are_skipped()
    {
        var client = Client(dynamic: false);
        var page = await client.GetJsonAsync<Ss12000Page<Ss12000Person>>("/persons", [new("limit", "2")], CancellationToken.None);
        Assert.Equal([null, null], page!.Data);
        Assert.Equal("pageToken", page.PageToken);

        await Assert.ThrowsAsync<Ss12000Exception>(() => client.GetAllAsync<Ss12000Person>("/persons", [], CancellationToken.None));
        Assert.Equal(4, client.SkippedNullItems); // two per page, two pages
    }

    [Fact]
    public async Task Command_line_import_against_Prism_fails_with_a_Swedish_reason_and_exit_1()
    {
        await using var database = await TestDatabase.CreateAsync();
        var source = prism.Options();
        var settings = new Dictionary<string, string?>
        {
            ["Ss12000:Sources:0:Name"] = source.Name,
            ["Ss12000:Sources:0:BaseUrl"] = source.BaseUrl,
            ["Ss12000:Sources:0:TokenEndpoint"] = source.TokenEndpoint,
            ["Ss12000:Sources:0:ClientId"] = source.ClientId,
            ["Ss12000:Sources:0:ClientSecret"] = source.ClientSecret,
            ["Ss12000:Sources:0:RetryCount"] = "0",
        };
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.RunAsync(database, ["import", "ss12000", "--from", "2026-09-07", "--to", "2026-09-11"], output, error, settings);

        Assert.Equal(1, exit);
        Assert.Equal("", output.ToString());
        Assert.Equal(
            "SS 12000-källan \"Prism\" skickade samma pageToken (\"pageToken\") igen på sida 2 av /organisations, så sidorna skulle aldrig ta slut. " +
            "Hämtningen avbröts och ingenting har ändrats i databasen." + Environment.NewLine,
            error.ToString());
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Pupils.CountAsync() + await db.Schools.CountAsync() + await db.Attendance.CountAsync());
    }

    [Fact]
    public async Task Command_line_rejects_a_missing_date_with_exit_2()
    {
        var error = new StringWriter();
        var exit = await NarvaroCli.RunAsync(["import", "ss12000", "--from", "2026-09-07"], new StringWriter(), error, settings: null);
        Assert.Equal(2, exit);
        Assert.StartsWith("Flaggan --to måste anges.", error.ToString());
    }

    /// <summary>One response of the list endpoint as Prism sent it: the token asked with, the token and items returned.</summary>
    private sealed record RecordedPage(string? TokenSent, string? TokenReceived, int Items);

    /// <summary>Records every page of one list endpoint from the raw JSON, independently of the client's own parsing.</summary>
    private sealed class PageRecorder(string endpoint) : DelegatingHandler
    {
        private readonly List<RecordedPage> _pages = [];

        public IReadOnlyList<RecordedPage> Pages { get { lock (_pages) return [.. _pages]; } }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.GetLeftPart(UriPartial.Path) != endpoint) return response;
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var tokenSent = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["pageToken"];
            var tokenReceived = json.RootElement.TryGetProperty("pageToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var items = json.RootElement.GetProperty("data").EnumerateArray().Count(e => e.ValueKind != JsonValueKind.Null);
            lock (_pages) _pages.Add(new RecordedPage(tokenSent, tokenReceived, items));
            return response;
        }
    }
}
