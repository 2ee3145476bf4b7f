using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Narvaro.Notifications;

/// <summary>
/// Configuration section "Smtp": the mail server the daily digest is sent through. Without <see cref="Host"/> no e-mail
/// is sent at all; the password comes from user-secrets or an environment variable (Smtp__Password), never a file.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>The SMTP server; empty: e-mail is off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured: Auto (STARTTLS when offered, TLS on 465), StartTls, SslOnConnect or None.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The sender address, e.g. narvaro@kommun.se.</summary>
    public string From { get; set; } = "";

    public string FromName { get; set; } = "Närvaro";

    /// <summary>Empty: the server takes mail without authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The app's public address the links point to, e.g. https://narvaro.kommun.se.</summary>
    public string BaseUrl { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public string Link(string path) => BaseUrl.TrimEnd('/') + path;
}

/// <summary>Checks the settings at start-up, only when <see cref="SmtpOptions.Host"/> is set.</summary>
public sealed class SmtpOptionsValidation : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
            errors.Add("Smtp:Port must be between 1 and 65535.");
        if (!MailboxAddress.TryParse(options.From, out var from) || string.IsNullOrEmpty(from.Address) || !from.Address.Contains('@'))
            errors.Add("Smtp:From must be an e-mail address, e.g. narvaro@kommun.se.");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            errors.Add("Smtp:BaseUrl must be the app's absolute http(s) address, e.g. https://narvaro.kommun.se.");
        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
            errors.Add("Smtp:UserName and Smtp:Password are set together or not at all.");
        if (options.TimeoutSeconds is < 1 or > 600)
            errors.Add("Smtp:TimeoutSeconds must be between 1 and 600.");
        if (!Enum.IsDefined(options.Security))
            errors.Add("Smtp:Security must be Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
