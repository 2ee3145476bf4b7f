namespace Narvaro.Web.Features.Ss12000;

/// <summary>A configured source as the admin page shows it: never the client secret.</summary>
public sealed record Ss12000SourceViewModel(string Name, string Organisation, string BaseUrl, string TokenEndpoint, string ClientId);

public sealed record Ss12000ViewModel(IReadOnlyList<Ss12000SourceViewModel> Sources, Ss12000FetchInputModel Input, string? Started);
