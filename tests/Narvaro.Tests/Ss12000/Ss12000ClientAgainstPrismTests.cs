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

    public static TheoryData<string> Endpoints => ["/organisations", "/persons", "/groups", "/duties", "/calendarEvents", "/attendances", "/absences"];

    private Ss12000Client Client(bool dynamic, int maxPages = 10_000)
    {
        HttpMessageHandler handler = new SocketsHttpHandler();
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
        var query = path == "/calendarEvents" ? [.. Range, new("expand", "attendance")] : new List<KeyValuePair<string, string>>();

        var failure = await Assert.ThrowsAsync<Ss12000Exception>(() => GetAllAsync(client, path, query, path == "/calendarEvents" ? Range : null));

        // Page 1 parsed, page 2 was asked for with the token and parsed, and its repeated token stopped the loop.
        Assert.Equal($"{path}: källan skickade samma pageToken (\"pageToken\") en gång till på sida 2; sidindelningen skulle aldrig ta slut.", failure.Message);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Dynamic_schema_valid_answers_are_read_until_the_paging_ends(string path)
    {
        var client = Client(dynamic: true, maxPages: 5);
        var query = path == "/calendarEvents" ? [.. Range, new("expand", "attendance")] : new List<KeyValuePair<string, string>>();

        try
        {
            var count = await GetAllAsync(client, path, query, path == "/calendarEvents" ? Range : null);
            Assert.True(count >= 0);
        }
        catch (Ss12000Exception ex)
        {
            // Random tokens may go on past the page limit; anything else (an unparsable answer, a 4xx) is a client bug.
            Assert.Matches(@"fler än 5 sidor|samma pageToken", ex.Message);
        }
    }

    private static async Task<int> GetAllAsync(Ss12000Client client, string path, List<KeyValuePair<string, string>> query, List<KeyValuePair<string, string>>? every)
    {
        var ct = CancellationToken.None;
        return path switch
        {
            "/organisations" => (await client.GetAllAsync<Ss12000Organisation>(path, query, ct, every)).Count,
            "/persons" => (await client.GetAllAsync<Ss12000Person>(path, query, ct, every)).Count,
            "/groups" => (await client.GetAllAsync<Ss12000Group>(path, query, ct, every)).Count,
            "/duties" => (await client.GetAllAsync<Ss12000Duty>(path, query, ct, every)).Count,
            "/calendarEvents" => (await client.GetAllAsync<Ss12000CalendarEvent>(path, query, ct, every)).Count,
            "/attendances" => (await client.GetAllAsync<Ss12000Attendance>(path, query, ct, every)).Count,
            _ => (await client.GetAllAsync<Ss12000Absence>(path, query, ct, every)).Count,
        };
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
        await using var database = await SqliteTestDatabase.CreateAsync();
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

        var exit = await NarvaroCli.RunAsync(["--db", database.Path, "import", "ss12000", "--from", "2026-09-07", "--to", "2026-09-11"], output, error, settings);

        Assert.Equal(1, exit);
        Assert.Equal("", output.ToString());
        Assert.StartsWith("Hämtningen från SS 12000-källan \"Prism\" misslyckades: /organisations: källan skickade samma pageToken", error.ToString());
        Assert.Contains("Ingenting har ändrats i databasen.", error.ToString());
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

    private sealed class PreferDynamic : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("Prefer", "dynamic=true");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
