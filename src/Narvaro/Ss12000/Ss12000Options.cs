using Microsoft.Extensions.Options;

namespace Narvaro.Ss12000;

/// <summary>Configuration section "Ss12000": the SS 12000 sources Närvaro imports from. Secrets come from configuration only.</summary>
public sealed class Ss12000Options
{
    public const string Section = "Ss12000";

    /// <summary>How many days, ending with the evaluated date, the nightly run imports again.</summary>
    public int DaysBack { get; set; } = 7;

    public List<Ss12000SourceOptions> Sources { get; set; } = [];
}

/// <summary>One school administration system (e.g. a municipality's Skola24 or IST Edlevo) serving SS 12000 v2.1.</summary>
public sealed class Ss12000SourceOptions
{
    /// <summary>A short name, unique among the sources, used by the command line and the admin page.</summary>
    public string Name { get; set; } = "";

    /// <summary>The Närvaro organisation (huvudman) the source feeds, matched by name; created when missing. Defaults to <see cref="Name"/>.</summary>
    public string? Organisation { get; set; }

    /// <summary>The API root, e.g. https://api.example.se/ss12000/v2.0 (paths such as /persons are appended).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>OAuth2 token endpoint for the client-credentials grant.</summary>
    public string TokenEndpoint { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string? Scope { get; set; }

    /// <summary>The <c>limit</c> sent with every list request.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Time allowed for one HTTP request, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 100;

    /// <summary>Retries after the first attempt of a request on network faults, timeouts, 429 and 5xx.</summary>
    public int RetryCount { get; set; } = 4;

    /// <summary>First back-off delay; doubled for each retry, with jitter.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>Safety limit on the pages of one list, so a server that never stops paging cannot hang the night.</summary>
    public int MaxPages { get; set; } = 10_000;

    public string OrganisationName => string.IsNullOrWhiteSpace(Organisation) ? Name : Organisation.Trim();
}

/// <summary>Checks the sources when the options are first read (at start-up in the web app).</summary>
public sealed class Ss12000OptionsValidation : IValidateOptions<Ss12000Options>
{
    public ValidateOptionsResult Validate(string? name, Ss12000Options options)
    {
        var errors = new List<string>();
        if (options.DaysBack is < 1 or > 366)
            errors.Add("Ss12000:DaysBack must be between 1 and 366.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var s = options.Sources[i];
            var at = $"Ss12000:Sources:{i}";
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add($"{at}:Name is required.");
            else if (!names.Add(s.Name)) errors.Add($"{at}:Name \"{s.Name}\" is used by two sources.");
            if (!IsHttpUrl(s.BaseUrl)) errors.Add($"{at}:BaseUrl must be an absolute http(s) URL.");
            if (!IsHttpUrl(s.TokenEndpoint)) errors.Add($"{at}:TokenEndpoint must be an absolute http(s) URL.");
            if (string.IsNullOrWhiteSpace(s.ClientId)) errors.Add($"{at}:ClientId is required.");
            if (string.IsNullOrWhiteSpace(s.ClientSecret)) errors.Add($"{at}:ClientSecret is required (user-secrets or environment variable).");
            if (s.PageSize is < 1 or > 10_000) errors.Add($"{at}:PageSize must be between 1 and 10000.");
            if (s.TimeoutSeconds is < 1 or > 3600) errors.Add($"{at}:TimeoutSeconds must be between 1 and 3600.");
            if (s.RetryCount is < 0 or > 10) errors.Add($"{at}:RetryCount must be between 0 and 10.");
            if (s.RetryBaseDelayMilliseconds is < 0 or > 60_000) errors.Add($"{at}:RetryBaseDelayMilliseconds must be between 0 and 60000.");
            if (s.MaxPages < 1) errors.Add($"{at}:MaxPages must be at least 1.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
