using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Narvaro.Ss12000;

/// <summary>An SS 12000 fetch or import that failed for good. The message (and details) are Swedish and say why.</summary>
public sealed class Ss12000Exception(string message, Exception? inner = null, IReadOnlyList<string>? details = null) : Exception(message, inner)
{
    public IReadOnlyList<string> Details { get; } = details ?? [];
}

/// <summary>
/// Reads one SS 12000 v2.1 source: an OAuth2 client-credentials token (cached until shortly before it expires), list
/// endpoints followed through <c>pageToken</c> to the end, and retries with exponential back-off and jitter on network
/// faults, timeouts, 429 (honouring Retry-After) and 5xx. When the retries are used up it throws
/// <see cref="Ss12000Exception"/>; callers write nothing they fetched.
/// </summary>
public sealed class Ss12000Client
{
    public const string HttpClientName = "Ss12000";

    /// <summary>Longest wait a Retry-After header may impose; a longer one is cut to this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TokenRenewalMargin = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    private readonly HttpClient _http;
    private readonly Ss12000SourceOptions _source;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private string? _accessToken;
    private DateTimeOffset _accessTokenRenewAt;

    public Ss12000Client(HttpClient http, Ss12000SourceOptions source, TimeProvider clock, ILogger logger)
    {
        _http = http;
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout, so a retry gets a fresh one
        _source = source;
        _clock = clock;
        _logger = logger;
        Delay = (delay, ct) => Task.Delay(delay, _clock, ct);
    }

    public Ss12000SourceOptions Source => _source;

    /// <summary>How the client waits between attempts; tests record the delays instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; }

    /// <summary>List items that were JSON null and therefore skipped (a server bug, but nothing to import).</summary>
    public int SkippedNullItems { get; private set; }

    /// <summary>
    /// Every item of a list endpoint. The first request carries <paramref name="query"/>; the following ones only
    /// <c>pageToken</c> and <c>limit</c> (the spec forbids combining pageToken with filters) plus
    /// <paramref name="requiredOnEveryPage"/>, for parameters the spec marks as required (calendarEvents' time range).
    /// </summary>
    public async Task<List<T>> GetAllAsync<T>(
        string path, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken,
        IReadOnlyList<KeyValuePair<string, string>>? requiredOnEveryPage = null) where T : class
    {
        var items = new List<T>();
        var tokensSeen = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        for (var page = 1; ; page++)
        {
            if (page > _source.MaxPages)
                throw new Ss12000Exception(
                    $"Listan {path} från {SourceName} har fler än {_source.MaxPages} sidor, mer än inställningen MaxPages tillåter.");
            var parameters = new List<KeyValuePair<string, string>>();
            if (pageToken is null)
                parameters.AddRange(query);
            else
            {
                parameters.AddRange(requiredOnEveryPage ?? []);
                parameters.Add(new("pageToken", pageToken));
            }
            parameters.Add(new("limit", _source.PageSize.ToString(CultureInfo.InvariantCulture)));

            var result = await GetJsonAsync<Ss12000Page<T>>(path, parameters, page, cancellationToken);
            if (result?.Data is null)
                throw new Ss12000Exception($"Svaret från {SourceName} saknar \"data\" ({path}, sida {page}).");
            foreach (var item in result.Data)
            {
                if (item is null) SkippedNullItems++;
                else items.Add(item);
            }
            if (string.IsNullOrEmpty(result.PageToken))
                return items;
            // An opaque token may repeat only if the server would serve the same page again, forever.
            if (!tokensSeen.Add(result.PageToken))
                throw new Ss12000Exception(
                    $"{SourceName} skickade samma pageToken (\"{Shorten(result.PageToken)}\") igen på sida {page} av {path}, så sidorna skulle aldrig ta slut.");
            pageToken = result.PageToken;
        }
    }

    /// <summary>One GET with the bearer token, parsed as JSON.</summary>
    public Task<T?> GetJsonAsync<T>(string path, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken) =>
        GetJsonAsync<T>(path, query, page: null, cancellationToken);

    private async Task<T?> GetJsonAsync<T>(string path, IReadOnlyList<KeyValuePair<string, string>> query, int? page, CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        var call = new Call(path, page);
        var renewedAfter401 = false;
        while (true)
        {
            var token = await GetAccessTokenAsync(cancellationToken);
            var (status, body) = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            }, call, cancellationToken);

            if (status == HttpStatusCode.Unauthorized && !renewedAfter401)
            {
                // The token may have been revoked or expired early: fetch a new one once.
                _accessToken = null;
                renewedAfter401 = true;
                continue;
            }
            if (status != HttpStatusCode.OK)
                throw new Ss12000Exception($"{SourceName} {StatusPhrase(status)}{Context(call, status, attempts: 1)}.{SourceErrorText(body)}");
            try
            {
                return JsonSerializer.Deserialize<T>(body, Json);
            }
            catch (JsonException ex)
            {
                var at = string.IsNullOrEmpty(ex.Path) ? "" : $", vid {ex.Path}";
                throw new Ss12000Exception(
                    $"Svaret från {SourceName} är inte giltig JSON enligt SS 12000 ({path}{(page is null ? "" : $", sida {page}")}{at}).", ex);
            }
        }
    }

    private async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_accessToken is not null && _clock.GetUtcNow() < _accessTokenRenewAt)
            return _accessToken;

        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(_source.Scope))
            form.Add(new("scope", _source.Scope));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(_source.ClientId)}:{Uri.EscapeDataString(_source.ClientSecret)}"));
        var (status, body) = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _source.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
            // RFC 6749 2.3.1: servers must support client credentials in the Basic header.
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            return request;
        }, Call.Token, cancellationToken);
        if (status != HttpStatusCode.OK)
            throw new Ss12000Exception($"Inloggningen mot {SourceName} misslyckades: {TokenFailure(status, body)}");

        TokenResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<TokenResponse>(body, Json);
        }
        catch (JsonException ex)
        {
            throw new Ss12000Exception($"Inloggningen mot {SourceName} misslyckades: tokentjänstens svar är inte giltig JSON.", ex);
        }
        if (string.IsNullOrEmpty(response?.AccessToken))
            throw new Ss12000Exception($"Inloggningen mot {SourceName} misslyckades: tokentjänstens svar saknar access_token.");
        var lifetime = TimeSpan.FromSeconds(Math.Max(0, response.ExpiresIn ?? 3600)) - TokenRenewalMargin;
        _accessToken = response.AccessToken;
        _accessTokenRenewAt = _clock.GetUtcNow() + (lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero);
        return _accessToken;
    }

    /// <summary>Sends with retries. Returns the final status and body; throws when a transient fault outlasts the retries.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Func<HttpRequestMessage> build, Call call, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(_source.TimeoutSeconds);
        for (var attempt = 0; ; attempt++)
        {
            // Both texts name the request and the fault only: never the token, the secret or a header.
            string failure, logged;
            TimeSpan? retryAfter = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(timeout);
                try
                {
                    using var request = build();
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token);
                    var body = await response.Content.ReadAsStringAsync(attemptTimeout.Token);
                    var status = response.StatusCode;
                    if (!IsTransient(status))
                        return (status, body);
                    failure = $"{call.Subject(SourceName)} {StatusPhrase(status)}{Context(call, status, attempt + 1)}.{SourceErrorText(body)}";
                    logged = $"HTTP {(int)status}";
                    retryAfter = RetryAfterOf(response);
                }
                catch (HttpRequestException ex)
                {
                    failure = $"Nätverksfel mot {call.Object(SourceName)}: {NetworkReason(ex)}{Context(call, null, attempt + 1)}.";
                    logged = $"network error: {ex.Message}";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"{call.Subject(SourceName)} svarade inte inom {_source.TimeoutSeconds} s{Context(call, null, attempt + 1)}.";
                    logged = $"no answer within {_source.TimeoutSeconds} s";
                }
            }

            if (attempt >= _source.RetryCount)
                throw new Ss12000Exception(failure);
            var delay = retryAfter ?? BackOff(attempt);
            _logger.LogWarning("SS 12000 source {Source}, {Request}: {Failure}; retry {Retry} of {Retries} in {Delay}",
                _source.Name, call.ToString(), logged, attempt + 1, _source.RetryCount, delay);
            await Delay(delay, cancellationToken);
        }
    }

    /// <summary>The source as users see it named, e.g. SS 12000-källan "Ekstad".</summary>
    private string SourceName => $"SS 12000-källan \"{_source.Name}\"";

    /// <summary>What a request was: an API path and page, or the token request.</summary>
    private sealed record Call(string? Path, int? Page)
    {
        public static readonly Call Token = new(null, null);

        public string Subject(string source) => Path is null ? $"Tokentjänsten för {source}" : source;

        public string Object(string source) => Path is null ? $"tokentjänsten för {source}" : source;

        public override string ToString() => Path is null ? "token" : Page is null ? $"GET {Path}" : $"GET {Path} page {Page}";
    }

    /// <summary>E.g. "(HTTP 503, /absences, sida 2, 4 försök)"; the attempts only when there was more than one.</summary>
    /// <summary>The common network faults in Swedish, with the technical text kept for the operator.</summary>
    private static string NetworkReason(HttpRequestException ex)
    {
        var technical = ex.Message.TrimEnd('.');
        var reason = (ex.InnerException as System.Net.Sockets.SocketException)?.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "anslutningen nekades",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "adressen hittades inte",
            System.Net.Sockets.SocketError.ConnectionReset => "anslutningen bröts",
            System.Net.Sockets.SocketError.TimedOut => "anslutningen tog för lång tid",
            System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.HostUnreachable => "nätverket nås inte",
            _ => null,
        };
        return reason is null ? technical : $"{reason} ({technical})";
    }

    private static string Context(Call call, HttpStatusCode? status, int attempts)
    {
        var parts = new List<string>();
        if (status is not null) parts.Add($"HTTP {(int)status}");
        if (call.Path is not null) parts.Add(call.Path);
        if (call.Page is not null) parts.Add($"sida {call.Page}");
        if (attempts > 1) parts.Add($"{attempts} försök");
        // With its own leading space, and nothing at all when there is nothing to say (a single token request).
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    /// <summary>What the server did, as the predicate of a sentence whose subject is the source.</summary>
    private static string StatusPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "avvisade frågan som felaktig",
        HttpStatusCode.Unauthorized => "godtog inte inloggningen",
        HttpStatusCode.Forbidden => "nekade åtkomst",
        HttpStatusCode.NotFound => "svarade att adressen inte finns",
        HttpStatusCode.RequestTimeout => "svarade att anropet tog för lång tid",
        HttpStatusCode.TooManyRequests => "avvisade anropet eftersom det kommit för många anrop",
        _ when (int)status >= 500 => "svarade med ett serverfel",
        _ => "gav ett oväntat svar",
    };

    private static string TokenFailure(HttpStatusCode status, string body)
    {
        var error = TokenErrorText(body);
        var context = error is null ? $"(HTTP {(int)status})" : $"(HTTP {(int)status}, {error})";
        return status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"tokentjänsten nekade inloggningen {context}. Kontrollera ClientId, ClientSecret och Scope.",
            HttpStatusCode.NotFound => $"tokentjänsten finns inte på den inställda adressen {context}. Kontrollera TokenEndpoint.",
            _ => $"tokentjänsten gav ett oväntat svar {context}.",
        };
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private TimeSpan BackOff(int attempt)
    {
        var baseDelay = TimeSpan.FromMilliseconds(_source.RetryBaseDelayMilliseconds * Math.Pow(2, attempt));
        // Jitter spreads the retries of several nodes or sources so they do not hit the server together.
        var jittered = baseDelay + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * baseDelay.TotalMilliseconds / 2);
        return jittered < MaxBackOff ? jittered : MaxBackOff;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - _clock.GetUtcNow() : null);
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private Uri BuildUri(string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var builder = new StringBuilder(_source.BaseUrl.TrimEnd('/')).Append(path);
        for (var i = 0; i < query.Count; i++)
            builder.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        return new Uri(builder.ToString());
    }

    /// <summary>The SS 12000 Error body's message, as a sentence of its own, when there is one.</summary>
    private static string SourceErrorText(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body, Json);
            return string.IsNullOrWhiteSpace(error?.Message) ? "" : $" Källans felmeddelande: \"{Shorten(error.Message.Trim())}\".";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>The OAuth2 error code (e.g. invalid_client), when the token endpoint sent one.</summary>
    private static string? TokenErrorText(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<TokenResponse>(body, Json);
            return string.IsNullOrWhiteSpace(error?.Error) ? null : Shorten(error.Error);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class TokenResponse
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("expires_in")] public long? ExpiresIn { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
    }

    private sealed class ErrorResponse
    {
        public string? Code { get; set; }
        public string? Message { get; set; }
    }
}
