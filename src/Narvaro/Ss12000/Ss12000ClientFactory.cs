using Microsoft.Extensions.Logging;

namespace Narvaro.Ss12000;

/// <summary>A client per source and import, on the named HttpClient "Ss12000" from IHttpClientFactory.</summary>
public sealed class Ss12000ClientFactory(IHttpClientFactory httpClients, TimeProvider clock, ILoggerFactory loggers)
{
    public Ss12000Client Create(Ss12000SourceOptions source) =>
        new(httpClients.CreateClient(Ss12000Client.HttpClientName), source, clock, loggers.CreateLogger<Ss12000Client>());
}
