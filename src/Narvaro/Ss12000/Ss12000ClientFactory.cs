using Microsoft.Extensions.Logging;

namespace Narvaro.Ss12000;

/// <summary>A client per source and import, on the named HttpClient "Ss12000" from IHttpClientFactory.</summary>
public sealed class Ss12000ClientFactory(IHttpClientFactory httpClients, TimeProvider clock, ILoggerFactory loggers)
{
    /// <summary>Replaces the wait between retries in every client made (tests record the delays instead of sleeping).</summary>
    internal Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }

    public Ss12000Client Create(Ss12000SourceOptions source)
    {
        var client = new Ss12000Client(httpClients.CreateClient(Ss12000Client.HttpClientName), source, clock, loggers.CreateLogger<Ss12000Client>());
        if (Delay is not null) client.Delay = Delay;
        return client;
    }
}
