using Microsoft.Extensions.Logging;
using Narvaro.Web.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>Hangfire's process-wide log provider must not fail a request once the app that set it has stopped.</summary>
public sealed class HangfireLogProviderTests
{
    [Fact]
    public void GetLogger_FactoryDisposed_LogsNothingInsteadOfThrowing()
    {
        var factory = LoggerFactory.Create(_ => { });
        var provider = new HangfireLogProvider(factory);
        Assert.NotNull(provider.GetLogger("Hangfire.Live"));
        factory.Dispose();
        Assert.Throws<ObjectDisposedException>(() => factory.CreateLogger("check"));

        var logger = provider.GetLogger("Hangfire.AfterStop");

        Assert.False(logger.Log(Hangfire.Logging.LogLevel.Error, () => "ignored", null!));
    }
}
