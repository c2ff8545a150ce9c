using Microsoft.Extensions.Configuration;

namespace RecoveryDesk.Application.Mail;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP (a relay on the same host or network).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS, refused if the server does not offer it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>The "Mail:Smtp" section. Without a host, mail is written as .eml files to <see cref="MailOptions.PickupFolder"/>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The "Mail" configuration section.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where mail goes when no SMTP host is set, one .eml file per message.</summary>
    public string PickupFolder { get; set; } = "data/mail";

    /// <summary>Where the embedded default reads inbound mail: .eml files dropped here are applied like mail from a mailbox.</summary>
    public string InboundFolder { get; set; } = "data/inbox";

    /// <summary>The team whose queue mail from <see cref="InboundFolder"/> opens cases in; empty means the oldest team.</summary>
    public string? InboundFolderTeam { get; set; }

    /// <summary>The sender of a team without its own mail settings.</summary>
    public string SenderName { get; set; } = "RecoveryDesk";

    public string SenderAddress { get; set; } = "desk@recoverydesk.invalid";

    /// <summary>False writes mail but sends none (a second instance, or a test of crash recovery).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>A transiently failing mail is retried with backoff for this long after it was written, then marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry waits this long; each later one twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A safety net only: commits that write mail wake the dispatcher at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a dispatcher holds the mails it is sending before another instance may take them over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; set; } = 100;

    public static MailOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<MailOptions>() ?? new MailOptions();
}

/// <summary>The customer's status page as a link (the PublicBaseUrl setting), with the access code in the fragment when the mail may carry it.</summary>
public sealed class StatusLinks(Uri baseUrl)
{
    public const string Setting = "PublicBaseUrl";

    public Uri BaseUrl { get; } = baseUrl;

    public static StatusLinks From(IConfiguration configuration) =>
        new(Uri.TryCreate(configuration[Setting], UriKind.Absolute, out var url)
            ? new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
            : new Uri("http://localhost:5080/"));

    /// <summary>The fragment never reaches a server, so the code stays out of every log on the way.</summary>
    public string For(string reference, string? accessCode = null) =>
        new Uri(BaseUrl, $"status/{Uri.EscapeDataString(reference)}").AbsoluteUri
        + (accessCode is null ? string.Empty : $"#code={Uri.EscapeDataString(accessCode)}");
}
