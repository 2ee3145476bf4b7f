using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Narvaro.Web.Infrastructure;

/// <summary>
/// Hangfire's log provider is process-wide (LogProvider is static), so it outlives the app that set it: with
/// several apps built one after another in one process (the test hosts), a request of a running app could be
/// logged through the disposed LoggerFactory of one that has stopped and fail with ObjectDisposedException. This
/// provider logs through this app's factory and, once that is disposed, logs nothing instead of failing the request.
/// In production one app lives per process and nothing changes.
/// </summary>
public sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
