using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Narvaro.NodeTests;

/// <summary>
/// One web node: the real app as its own process (`dotnet Narvaro.Web.dll`, Kestrel on a free loopback port), configured
/// through environment variables, its stdout and stderr kept for failure messages.
/// </summary>
public sealed class WebNode : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process?.Id ?? 0;
    public bool Running => _process is { HasExited: false };
    /// <summary>From process start to the first 200 from /health, last start.</summary>
    public TimeSpan StartTime { get; private set; }

    public WebNode(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        _environment = environment;
    }

    /// <summary>Starts the process and waits until /health answers 200.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var app = AppPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        lock (_output) _output.AppendLine($"--- {Name} starting at {DateTime.UtcNow:HH:mm:ss.fff} on {BaseAddress} ---");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine("err: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before answering.\n{Output}");
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    StartTime = clock.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} did not answer /health within {timeout}.\n{Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Kills the process at once (no graceful shutdown: its connections simply drop).</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        lock (_output) _output.AppendLine($"--- {Name} killed at {DateTime.UtcNow:HH:mm:ss.fff} ---");
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The last part of the output, for a failure message.</summary>
    public string Tail(int characters = 6000)
    {
        var text = Output;
        return $"===== {Name} (pid {ProcessId}, {BaseAddress}) =====\n" + (text.Length <= characters ? text : "…" + text[^characters..]);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Narvaro.Web.dll of this build: beside the tests (project reference), else under src/Narvaro.Web/bin.</summary>
    public static string AppPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Narvaro.Web.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Narvaro.Web.runtimeconfig.json"))) return beside;
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Narvaro.sln"))) directory = directory.Parent;
        if (directory is null) throw new FileNotFoundException("Narvaro.Web.dll: neither beside the tests nor under the repository root.");
        // Same configuration and framework as the tests (…/bin/<Configuration>/<tfm>/).
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(directory.FullName, "src", "Narvaro.Web", "bin", framework.Parent!.Name, framework.Name, "Narvaro.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Narvaro.Web.dll not found at {path}.");
    }
}
