using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Narvaro.Tests.Notifications;

/// <summary>
/// tests/tools/smtp-sink.js (npm smtp-server, installed by tests/install-deps.sh): a real SMTP server on loopback that
/// takes any mail without authentication and writes each message as a .eml file. Started as a child process, ready at
/// its "listening" line, killed at the end; the messages are read back with MimeKit.
/// </summary>
public sealed partial class SmtpSink : IAsyncLifetime
{
    public int Port { get; private set; }
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"narvaro-smtp-sink-{Guid.NewGuid():N}");

    private Process? _node;
    private readonly StringBuilder _log = new();

    public string Log { get { lock (_log) return _log.ToString(); } }

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot, "tests", "tools", "smtp-sink.js");
        if (!File.Exists(Path.Combine(RepositoryRoot, "tests", "tools", "node_modules", "smtp-server", "package.json")))
            throw new InvalidOperationException("The npm package smtp-server is missing in tests/tools. Run: bash tests/install-deps.sh");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _node = new Process
        {
            StartInfo = new ProcessStartInfo("node", [script, "0", Folder])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        _node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_log) _log.AppendLine(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success) listening.TrySetResult(int.Parse(match.Groups[1].Value));
        };
        _node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _node.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"smtp-sink.js exited:\n{Log}"));
        _node.Start();
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
        Port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];

    /// <summary>The messages sent to <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        Messages().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public Task DisposeAsync()
    {
        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            _node.WaitForExit(10_000);
        }
        _node?.Dispose();
        // NARVARO_KEEP_TEST_MAIL=1 keeps the .eml files to look at (the folder is in the test output's temp directory).
        if (Directory.Exists(Folder) && Environment.GetEnvironmentVariable("NARVARO_KEEP_TEST_MAIL") != "1")
            Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A loopback port nothing listens on (taken and released at once): "the SMTP server is down".</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Narvaro.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Narvaro.sln not found above the test binaries.");
        }
    }

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();
}
