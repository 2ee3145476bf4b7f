namespace Narvaro.Notifications;

/// <summary>One e-mail to one person: plain text and simple HTML with the same content.</summary>
public sealed record OutgoingMail(string ToAddress, string ToName, string Subject, string Text, string Html);

/// <summary>Sends e-mail (<see cref="MailKitSender"/> over SMTP); replaced in tests only when no real server is wanted.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
