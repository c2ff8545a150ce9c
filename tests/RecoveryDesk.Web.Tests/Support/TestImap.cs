using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace RecoveryDesk.Web.Tests.Support;

/// <summary>
/// A mailbox of its own on the Dovecot that build/test-services.sh starts (RECOVERYDESK_TEST_IMAP): the
/// test adds a user to Dovecot's users file and puts mail in with IMAP APPEND. Without the server the
/// tests are skipped, except under CI, where that is a failure.
/// </summary>
public sealed class TestImap
{
    public const string Variable = "RECOVERYDESK_TEST_IMAP";
    public const string Password = "mailbox-secret";

    private TestImap(string host, int port, string user)
    {
        Host = host;
        Port = port;
        User = user;
    }

    public string Host { get; }

    public int Port { get; }

    public string User { get; }

    public static TestImap CreateMailbox()
    {
        var setting = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(setting))
        {
            const string why = $"No IMAP server: {Variable} is not set (build/test.sh starts Dovecot and sets it).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(why);
            }

            Assert.Ignore(why);
        }

        var (address, users) = (setting![..setting.IndexOf(' ', StringComparison.Ordinal)], setting[(setting.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var user = $"team-{Guid.NewGuid():N}@mail.test";
        File.AppendAllText(users, $"{user}:{{PLAIN}}{Password}\n");
        var colon = address.LastIndexOf(':');
        return new TestImap(address[..colon], int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), user);
    }

    /// <summary>The body of PUT /api/teams/{teamId}/mailbox for this mailbox.</summary>
    public object Settings(string processed = "MarkSeen", string? moveTo = null) =>
        new { host = Host, port = Port, security = "None", user = User, password = Password, folder = "INBOX", processed, moveTo };

    public async Task AppendAsync(MimeMessage message, string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        var target = await client.GetFolderAsync(folder);
        await target.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>How many messages a folder holds, and how many of them are flagged seen.</summary>
    public async Task<(int Count, int Seen)> CountAsync(string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        var target = await client.GetFolderAsync(folder);
        await target.OpenAsync(FolderAccess.ReadOnly);
        var seen = (await target.SearchAsync(MailKit.Search.SearchQuery.Seen)).Count;
        var count = target.Count;
        await client.DisconnectAsync(true);
        return (count, seen);
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }
}
