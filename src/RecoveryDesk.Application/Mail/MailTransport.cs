using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace RecoveryDesk.Application.Mail;

/// <summary>A send that did not succeed: <see cref="Permanent"/> for a refusal (5xx) that no retry will change.</summary>
public sealed class MailDeliveryException(string reason, bool permanent, Exception? inner = null) : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>The seam to the mail server: one session sends a batch of messages over one connection.</summary>
public interface IMailTransport
{
    /// <summary>Where the mail goes, for health reports (never a password).</summary>
    string Describe { get; }

    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>Sends one message; throws <see cref="MailDeliveryException"/> when it was not accepted.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>The mail message as it leaves: headers, threading and the two alternatives.</summary>
public static class MailMessages
{
    /// <summary>Stands in the stored text for the access code, which only the message that leaves carries.</summary>
    public const string WithheldCode = "withheld";

    /// <param name="accessCode">The acknowledgement's code, put back into its status link; null for every other mail.</param>
    public static MimeMessage Build(CustomerMail mail, string? accessCode = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(MailText.OneLine(mail.FromName), mail.FromAddress));
        message.To.Add(new MailboxAddress(MailText.OneLine(mail.ToName), mail.ToAddress));
        if (mail.ReplyTo is { } replyTo)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        message.Subject = MailText.OneLine(mail.Subject);
        message.MessageId = mail.MessageId.Trim('<', '>');
        if (mail.MessageId != mail.ThreadId)
        {
            message.InReplyTo = mail.ThreadId.Trim('<', '>');
            message.References.Add(mail.ThreadId.Trim('<', '>'));
        }

        message.Date = mail.CreatedAt;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = WithCode(mail.TextBody, accessCode), HtmlBody = WithCode(mail.HtmlBody, accessCode) }.ToMessageBody();
        return message;
    }

    private static string WithCode(string body, string? accessCode) => accessCode is null
        ? body
        : body.Replace($"#code={WithheldCode}", $"#code={Uri.EscapeDataString(accessCode)}", StringComparison.Ordinal);

    /// <summary>CR and LF never reach a header; MimeKit folds long values and encodes non-ASCII per RFC 2047.</summary>
}

/// <summary>Sends through an SMTP server with MailKit (Mail:Smtp:*): STARTTLS or TLS, optional sign-in.</summary>
public sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    public string Describe => $"SMTP server {options.Smtp.Host}:{options.Smtp.Port}";

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Smtp;
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
            }

            return new Session(client);
        }
        catch (Exception error) when (Classify(error) is { } failure)
        {
            client.Dispose();
            throw failure;
        }
    }

    /// <summary>A 5xx answer is permanent; a 4xx answer, a refused or dropped connection or a timeout is worth another try.</summary>
    internal static MailDeliveryException? Classify(Exception error) => error switch
    {
        SmtpCommandException command => new MailDeliveryException(
            $"{(int)command.StatusCode} {command.Message}",
            (int)command.StatusCode >= 500,
            command),
        AuthenticationException => new MailDeliveryException($"The mail server refused the sign-in: {error.Message}", permanent: false, error),
        SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException or SslHandshakeException
            => new MailDeliveryException($"The mail server could not be reached: {error.Message}", permanent: false, error),
        OperationCanceledException => null,
        _ => null,
    };

    private sealed class Session(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (Exception error) when (Classify(error) is { } failure)
            {
                throw failure;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true, CancellationToken.None);
                }
            }
            catch (Exception error) when (Classify(error) is not null)
            {
                // The messages are sent; a connection that drops on QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// With no SMTP server configured (the embedded default and --demo): each message is written as an .eml
/// file under <see cref="MailOptions.PickupFolder"/>, named by its Message-ID, so a repeated send
/// overwrites rather than duplicates.
/// </summary>
public sealed class PickupFolderTransport(MailOptions options) : IMailTransport
{
    public string Describe => $"pickup folder {options.PickupFolder}";

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.PickupFolder);
        return Task.FromResult<IMailSession>(new Session(options.PickupFolder));
    }

    /// <summary>The file a message with this Message-ID (with or without its angle brackets) is written to.</summary>
    public static string FileOf(string folder, string messageId) =>
        Path.Combine(folder, string.Concat(messageId.Trim('<', '>').Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + ".eml");

    private sealed class Session(string folder) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var path = FileOf(folder, message.MessageId ?? Guid.NewGuid().ToString("N"));
            var temporary = path + ".tmp";
            try
            {
                await message.WriteToAsync(temporary, cancellationToken);
                File.Move(temporary, path, overwrite: true);
            }
            catch (IOException error)
            {
                throw new MailDeliveryException($"The mail folder could not be written: {error.Message}", permanent: false, error);
            }
            catch (UnauthorizedAccessException error)
            {
                throw new MailDeliveryException($"The mail folder could not be written: {error.Message}", permanent: false, error);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
