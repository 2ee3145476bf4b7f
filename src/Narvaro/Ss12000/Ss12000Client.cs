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
                throw new Ss12000Exception($"{path}: fler än {_source.MaxPages} sidor. Hämtningen avbröts (MaxPages).");
            var parameters = new List<KeyValuePair<string, string>>();
            if (pageToken is null)
                parameters.AddRange(query);
            else
            {
                parameters.AddRange(requiredOnEveryPage ?? []);
                parameters.Add(new("pageToken", pageToken));
            }
            parameters.Add(new("limit", _source.PageSize.ToString(CultureInfo.InvariantCulture)));

            var result = await GetJsonAsync<Ss12000Page<T>>(path, parameters, cancellationToken);
            if (result?.Data is null)
                throw new Ss12000Exception($"{path}: svaret saknar \"data\" (sida {page}).");
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
                    $"{path}: källan skickade samma pageToken (\"{Shorten(result.PageToken)}\") en gång till på sida {page}; sidindelningen skulle aldrig ta slut.");
            pageToken = result.PageToken;
        }
    }

    /// <summary>One GET with the bearer token, parsed as JSON.</summary>
    public async Task<T?> GetJsonAsync<T>(string path, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
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
            }, $"GET {path}", cancellationToken);

            if (status == HttpStatusCode.Unauthorized && !renewedAfter401)
            {
                // The token may have been revoked or expired early: fetch a new one once.
                _accessToken = null;
                renewedAfter401 = true;
                continue;
            }
            if (status != HttpStatusCode.OK)
                throw new Ss12000Exception($"GET {path}: källan svarade {(int)status} {ReasonOf(status)}{ErrorText(body)}.");
            try
            {
                return JsonSerializer.Deserialize<T>(body, Json);
            }
            catch (JsonException ex)
            {
                throw new Ss12000Exception($"GET {path}: svaret är inte giltig JSON enligt SS 12000 ({ex.Path}: {ex.Message}).", ex);
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
        }, "token", cancellationToken);
        if (status != HttpStatusCode.OK)
            throw new Ss12000Exception($"Inloggningen mot SS 12000-källan misslyckades: tokentjänsten svarade {(int)status} {ReasonOf(status)}{TokenErrorText(body)}. Kontrollera ClientId och ClientSecret.");

        TokenResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<TokenResponse>(body, Json);
        }
        catch (JsonException ex)
        {
            throw new Ss12000Exception("Inloggningen mot SS 12000-källan misslyckades: tokentjänstens svar är inte giltig JSON.", ex);
        }
        if (string.IsNullOrEmpty(response?.AccessToken))
            throw new Ss12000Exception("Inloggningen mot SS 12000-källan misslyckades: svaret saknar access_token.");
        var lifetime = TimeSpan.FromSeconds(Math.Max(0, response.ExpiresIn ?? 3600)) - TokenRenewalMargin;
        _accessToken = response.AccessToken;
        _accessTokenRenewAt = _clock.GetUtcNow() + (lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero);
        return _accessToken;
    }

    /// <summary>Sends with retries. Returns the final status and body; throws when a transient fault outlasts the retries.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Func<HttpRequestMessage> build, string what, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(_source.TimeoutSeconds);
        for (var attempt = 0; ; attempt++)
        {
            string reason;
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
                    reason = $"svarade {(int)status} {ReasonOf(status)}";
                    retryAfter = RetryAfterOf(response);
                }
                catch (HttpRequestException ex)
                {
                    reason = $"nätverksfel ({ex.Message})";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    reason = $"inget svar inom {_source.TimeoutSeconds} s";
                }
            }

            if (attempt >= _source.RetryCount)
                throw new Ss12000Exception($"{what}: källan {reason}; gav upp efter {attempt + 1} försök.");
            var delay = retryAfter ?? BackOff(attempt);
            _logger.LogWarning("SS 12000 {Source} {What}: {Reason}; retry {Attempt} in {Delay}", _source.Name, what, reason, attempt + 1, delay);
            await Delay(delay, cancellationToken);
        }
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

    private static string ReasonOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "(felaktig fråga)",
        HttpStatusCode.Unauthorized => "(ej inloggad)",
        HttpStatusCode.Forbidden => "(åtkomst nekad)",
        HttpStatusCode.NotFound => "(finns inte)",
        HttpStatusCode.TooManyRequests => "(för många anrop)",
        HttpStatusCode.RequestTimeout => "(tidsgräns)",
        _ when (int)status >= 500 => "(serverfel)",
        _ => "",
    };

    /// <summary>The SS 12000 Error body's message, when there is one.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body, Json);
            return string.IsNullOrWhiteSpace(error?.Message) ? "" : $": {Shorten(error.Message)}";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string TokenErrorText(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<TokenResponse>(body, Json);
            return string.IsNullOrWhiteSpace(error?.Error) ? "" : $" ({Shorten(error.Error)})";
        }
        catch (JsonException)
        {
            return "";
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
