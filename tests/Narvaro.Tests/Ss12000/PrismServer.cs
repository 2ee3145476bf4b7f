using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Narvaro.Tests.Ss12000;

/// <summary>
/// Prism (@stoplight/prism-cli, installed into tests/tools by tests/install-deps.sh) serving the official SS 12000
/// OpenAPI file on loopback, plus an OAuth2 token endpoint on an HttpListener: the spec declares only bearer
/// authentication, so Prism has no token endpoint to serve. Started once per collection, killed (whole tree) at the end.
/// </summary>
public sealed class PrismServer : IAsyncLifetime
{
    public string BaseUrl { get; private set; } = "";
    public string TokenEndpoint { get; private set; } = "";
    public int TokenRequests;

    private Process? _prism;
    private HttpListener? _tokens;
    private readonly StringBuilder _log = new();

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Narvaro.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Narvaro.sln not found above the test binaries.");
        }
    }

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot;
        var prism = Path.Combine(root, "tests", "tools", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
            throw new InvalidOperationException($"Prism is missing at {prism}. Run: bash tests/install-deps.sh");
        var spec = Path.GetFullPath(Path.Combine(root, "..", "shared", "ss12000", "openapi_ss12000_version2_1_0.yaml"));
        if (!File.Exists(spec))
            throw new InvalidOperationException($"The SS 12000 OpenAPI file is missing at {spec} (../shared beside the repository).");

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _prism = new Process
        {
            StartInfo = new ProcessStartInfo(prism, ["mock", "-h", "127.0.0.1", "-p", port.ToString(), spec])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            },
        };
        _prism.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _prism.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _prism.Start();
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_prism.HasExited)
                throw new InvalidOperationException($"Prism exited with {_prism.ExitCode}:\n{Log}");
            try
            {
                // Any HTTP answer (401 without a token) means Prism is listening.
                await http.GetAsync($"{BaseUrl}/organisations");
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }

        var tokenPort = FreePort();
        TokenEndpoint = $"http://127.0.0.1:{tokenPort}/oauth2/token/";
        _tokens = new HttpListener();
        _tokens.Prefixes.Add(TokenEndpoint);
        _tokens.Start();
        _ = Task.Run(ServeTokensAsync);
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    private async Task ServeTokensAsync()
    {
        while (_tokens is { IsListening: true })
        {
            HttpListenerContext context;
            try { context = await _tokens.GetContextAsync(); }
            catch (Exception) { return; }
            Interlocked.Increment(ref TokenRequests);
            var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            var ok = context.Request.HttpMethod == "POST" && body.Contains("grant_type=client_credentials")
                && context.Request.Headers["Authorization"]?.StartsWith("Basic ") == true;
            var json = ok ? """{"access_token":"prism-token","token_type":"Bearer","expires_in":3600}""" : """{"error":"invalid_request"}""";
            context.Response.StatusCode = ok ? 200 : 400;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(json);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public Narvaro.Ss12000.Ss12000SourceOptions Options(int maxPages = 10_000) => new()
    {
        Name = "Prism", Organisation = "Prismkommun", BaseUrl = BaseUrl, TokenEndpoint = TokenEndpoint, ClientId = "narvaro",
        ClientSecret = "hemligt", PageSize = 50, TimeoutSeconds = 30, RetryCount = 1, RetryBaseDelayMilliseconds = 10, MaxPages = maxPages,
    };

    public Task DisposeAsync()
    {
        _tokens?.Close();
        if (_prism is { HasExited: false })
        {
            _prism.Kill(entireProcessTree: true);
            _prism.WaitForExit(10_000);
        }
        _prism?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PrismCollection : ICollectionFixture<PrismServer>
{
    public const string Name = "Prism SS 12000 mock";
}

/// <summary>Asks Prism for random schema-valid answers instead of the file's examples.</summary>
internal sealed class PreferDynamic : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("Prefer", "dynamic=true");
        return base.SendAsync(request, cancellationToken);
    }
}
