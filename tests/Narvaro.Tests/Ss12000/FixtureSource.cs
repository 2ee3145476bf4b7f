using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Narvaro.Data;
using Narvaro.Ss12000;

namespace Narvaro.Tests.Ss12000;

/// <summary>
/// An SS 12000 source served from the recorded JSON files in Fixtures/ through a fake HttpMessageHandler, with its
/// token endpoint. <see cref="Fault"/> can answer any request instead (429, 5xx, timeouts, dropped connections).
/// </summary>
public sealed class FixtureSource : HttpMessageHandler
{
    public const string BaseUrl = "https://ss12000.test/v2.0";
    public const string TokenEndpoint = "https://login.test/oauth2/token";
    public const string Token = "fixture-token";

    public ConcurrentQueue<string> Requests { get; } = new();
    public List<TimeSpan> Delays { get; } = [];

    /// <summary>Called with each request and its number (1-based); a non-null response replaces the fixture.</summary>
    public Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage?>>? Fault { get; set; }

    /// <summary>
    /// "Now" for the import, which is the cut-off for lessons without a record: 14:30 on Tuesday 8 September 2026, so
    /// the fixture's 14:00–15:00 lesson that day has not ended yet.
    /// </summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 9, 8, 14, 30, 0, TimeSpan.FromHours(2));

    public DateTimeOffset Now { get; set; } = DefaultNow;

    private int _count;

    public static Ss12000SourceOptions Options(string name = "Ekstad") => new()
    {
        Name = name, Organisation = "Ekstads kommun", BaseUrl = BaseUrl, TokenEndpoint = TokenEndpoint,
        ClientId = "narvaro", ClientSecret = "hemligt", PageSize = 100, TimeoutSeconds = 2, RetryCount = 3, RetryBaseDelayMilliseconds = 10,
    };

    public Ss12000Import CreateImport(NarvaroDbContext db, Ss12000SourceOptions? source = null)
    {
        var factory = new Ss12000ClientFactory(new HandlerFactory(this), TimeProvider.System, NullLoggerFactory.Instance)
        {
            Delay = (delay, _) => { lock (Delays) Delays.Add(delay); return Task.CompletedTask; },
        };
        return new Ss12000Import(db, factory, Microsoft.Extensions.Options.Options.Create(new Ss12000Options { Sources = [source ?? Options()] }),
            new FixedClock(Now), NullLogger<Ss12000Import>.Instance, new Narvaro.Audit.AuditTrail(db, new FixedClock(Now)));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _count);
        Requests.Enqueue($"{request.Method} {request.RequestUri}");
        if (Fault is not null && await Fault(request, number, cancellationToken) is { } faulted)
            return faulted;

        if (request.RequestUri!.ToString() == TokenEndpoint)
        {
            Assert.Equal("Basic", request.Headers.Authorization?.Scheme);
            return Json($$"""{"access_token":"{{Token}}","token_type":"Bearer","expires_in":3600}""");
        }
        if (request.Headers.Authorization?.ToString() != $"Bearer {Token}")
            return new HttpResponseMessage(HttpStatusCode.Unauthorized);

        return Json(await File.ReadAllTextAsync(FixturePath(FixtureFile(request.RequestUri)), cancellationToken));
    }

    /// <summary>The recorded file that answers a request: path.json, or path-N.json for page N (the first page without a token).</summary>
    public static string FixtureFile(Uri uri)
    {
        var path = uri.AbsolutePath.Replace("/v2.0/", "");
        var pageToken = System.Web.HttpUtility.ParseQueryString(uri.Query)["pageToken"];
        var file = pageToken is null ? $"{path}.json" : $"{path}-{pageToken.Replace("sida-", "")}.json";
        if (!File.Exists(FixturePath(file)))
            file = pageToken is null ? $"{path}-1.json" : file;
        return file;
    }

    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Ss12000", "Fixtures", file);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
