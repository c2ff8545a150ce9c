using System.Collections.Concurrent;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Mail.Inbound;

/// <summary>Wakes the mailbox reader when an admin changed a mailbox, so the change applies at once.</summary>
public sealed class MailboxSignal : Outbox.WakeUpSignal;

/// <summary>How each mailbox is doing, for /health/ready and the board.</summary>
public sealed class MailboxHealth
{
    private readonly ConcurrentDictionary<string, MailboxState> _states = new();

    public IReadOnlyCollection<MailboxState> States => [.. _states.Values];

    public void Working(string source, DateTimeOffset now)
    {
        _states[source] = new MailboxState(source, true, null, null, now);
        Common.Telemetry.MailboxPolls.Add(1, new("mailbox", source), new("result", "ok"));
    }

    public void Failing(string source, string error, DateTimeOffset now)
    {
        _states.AddOrUpdate(source, new MailboxState(source, false, error, now, now), (_, old) => new MailboxState(source, false, error, old.FailingSince ?? now, now));
        Common.Telemetry.MailboxPolls.Add(1, new("mailbox", source), new("result", "failed"));
    }

    public void Forget(string source) => _states.TryRemove(source, out _);
}

public sealed record MailboxState(string Source, bool Ok, string? Error, DateTimeOffset? FailingSince, DateTimeOffset CheckedAt);

/// <summary>Whether this instance's last attempt reached the outgoing mail server (or pickup folder), for /health/ready.</summary>
public sealed class OutgoingMailHealth
{
    private MailboxState? _state;

    /// <summary>The last attempt, or nothing before the first.</summary>
    public MailboxState? State => Volatile.Read(ref _state);

    public void Working(string server, DateTimeOffset now) => Volatile.Write(ref _state, new MailboxState(server, true, null, null, now));

    public void Failing(string server, string error, DateTimeOffset now)
    {
        var since = State is { Ok: false, FailingSince: { } earlier } ? earlier : now;
        Volatile.Write(ref _state, new MailboxState(server, false, error, since, now));
    }
}

/// <summary>The IMAP password of a team mailbox, protected at rest with Data Protection.</summary>
public sealed class MailboxSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("RecoveryDesk.Mail.MailboxPassword");

    public string Protect(string password) => _protector.Protect(password);

    public string Unprotect(string protectedPassword) => _protector.Unprotect(protectedPassword);
}

/// <summary>
/// The embedded default's inbound mail: <c>.eml</c> files dropped into Mail:InboundFolder are applied like
/// mail from a mailbox (for the team named by Mail:InboundFolderTeam, else the oldest team) and moved to
/// its <c>processed</c> folder. A file's place is a hash of its content, so a crash between applying and
/// moving it applies it once.
/// </summary>
public sealed class InboundFolderReader(IServiceScopeFactory scopes, MailOptions options, MailboxHealth health, TimeProvider clock, ILogger<InboundFolderReader> logger) : BackgroundService
{
    public const string Source = "folder";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(options.InboundFolder);
        using var watcher = new FileSystemWatcher(options.InboundFolder, "*.eml") { EnableRaisingEvents = true };
        var wake = new SemaphoreSlim(0);
        watcher.Created += (_, _) => wake.Release();
        watcher.Renamed += (_, _) => wake.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAllAsync(stoppingToken);
                health.Working(Source, clock.GetUtcNow());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A file that cannot be applied now is tried again on the next pass.
            catch (Exception error)
#pragma warning restore CA1031
            {
                health.Failing(Source, error.Message, clock.GetUtcNow());
                logger.LogError(error, "Reading the inbound mail folder failed; trying again.");
            }

            // Woken by a new file; the timeout is a safety net only (a watcher can miss events).
            await wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>The files of the inbound folder that were applied as the message with this UID.</summary>
    public static IEnumerable<string> ProcessedFilesOf(string inboundFolder, long uid)
    {
        var processed = Path.Combine(inboundFolder, "processed");
        return Directory.Exists(processed) ? Directory.EnumerateFiles(processed, ProcessedPrefix(uid) + "*") : [];
    }

    private static string ProcessedPrefix(long uid) => $"{uid:x16}-";

    internal async Task ReadAllAsync(CancellationToken ct)
    {
        var processed = Path.Combine(options.InboundFolder, "processed");
        foreach (var file in Directory.EnumerateFiles(options.InboundFolder, "*.eml").Order(StringComparer.Ordinal))
        {
            byte[] raw;
            try
            {
                raw = await File.ReadAllBytesAsync(file, ct);
            }
            catch (IOException)
            {
                continue; // still being written
            }

            var uid = BitConverter.ToInt64(SHA256.HashData(raw), 0) & long.MaxValue;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var teamId = await TeamAsync(scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>(), ct);
                if (teamId is null)
                {
                    return; // no team yet to take the mail
                }

                var result = await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ApplyAsync(new InboundPlace(Source, 0, uid), teamId.Value, raw, ct);
                logger.LogInformation("Inbound {File}: {Outcome} {Note}", Path.GetFileName(file), result.Outcome, result.Note);
            }

            Directory.CreateDirectory(processed);
            File.Move(file, Path.Combine(processed, $"{ProcessedPrefix(uid)}{Path.GetFileName(file)}"), overwrite: true);
        }
    }

    private async Task<Guid?> TeamAsync(RecoveryDeskDbContext db, CancellationToken ct)
    {
        var teams = db.Teams.AsNoTracking();
        if (options.InboundFolderTeam is { Length: > 0 } name)
        {
            teams = teams.Where(t => t.Name == name);
        }

        return await teams.OrderBy(t => t.CreatedAt).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
    }
}

/// <summary>
/// Reads every enabled team mailbox over IMAP (MailKit): each message not yet processed is applied, then
/// flagged seen or moved as the mailbox says. IMAP IDLE where the server offers it, else a look every
/// 30 seconds; a mailbox that fails (sign-in, network, TLS) is tried again with backoff and reported to
/// <see cref="MailboxHealth"/>. A message is applied before it is flagged or moved, and applying twice
/// records once, so a crash anywhere loses nothing and repeats nothing.
/// </summary>
public sealed class ImapMailboxReader(IServiceScopeFactory scopes, MailboxSecrets secrets, MailboxHealth health, MailboxSignal changed, TimeProvider clock, ILogger<ImapMailboxReader> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private readonly Dictionary<Guid, (int Revision, CancellationTokenSource Stop, Task Running)> _readers = [];

    public static string SourceOf(Guid teamId) => $"team:{teamId:D}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReconcileAsync(stoppingToken);
                // Real time, not the desk's clock: this is how often another instance's change is noticed.
                await changed.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var reader in _readers.Values)
            {
                await reader.Stop.CancelAsync();
            }

            await Task.WhenAll(_readers.Values.Select(r => r.Running));
        }
    }

    /// <summary>One reader per enabled mailbox; a changed mailbox gets a new reader, a removed one none.</summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        List<TeamMailbox> mailboxes;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            mailboxes = await scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().Set<TeamMailbox>().AsNoTracking().Where(m => m.Enabled).ToListAsync(ct);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Reading the team mailboxes failed; trying again.");
            return;
        }

        foreach (var (teamId, reader) in _readers.ToList())
        {
            if (mailboxes.All(m => m.TeamId != teamId || m.Revision != reader.Revision))
            {
                await reader.Stop.CancelAsync();
                await reader.Running;
                _readers.Remove(teamId);
                health.Forget(SourceOf(teamId));
            }
        }

        foreach (var mailbox in mailboxes.Where(m => !_readers.ContainsKey(m.TeamId)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _readers[mailbox.TeamId] = (mailbox.Revision, stop, Task.Run(() => ReadMailboxAsync(mailbox, stop.Token), CancellationToken.None));
        }
    }

    private async Task ReadMailboxAsync(TeamMailbox mailbox, CancellationToken ct)
    {
        var source = SourceOf(mailbox.TeamId);
        var backoff = TimeSpan.FromSeconds(5);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var client = await ConnectAsync(mailbox, secrets.Unprotect(mailbox.ProtectedPassword), ct);
                var folder = await client.GetFolderAsync(mailbox.Folder, ct);
                await folder.OpenAsync(FolderAccess.ReadWrite, ct);
                backoff = TimeSpan.FromSeconds(5);
                while (!ct.IsCancellationRequested)
                {
                    await ReadNewAsync(mailbox, client, folder, ct);
                    health.Working(source, clock.GetUtcNow());
                    await WaitForMailAsync(client, folder, folder.Count, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A mailbox that fails is tried again; nothing it holds is lost.
            catch (Exception error)
#pragma warning restore CA1031
            {
                health.Failing(source, error.Message, clock.GetUtcNow());
                logger.LogWarning("Mailbox of team {TeamId} failed: {Error}; trying again in {Backoff}.", mailbox.TeamId, error.Message, backoff);
                try
                {
                    await Task.Delay(backoff, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
    }

    public static async Task<ImapClient> ConnectAsync(TeamMailbox mailbox, string password, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = 30_000 };
        try
        {
            var security = mailbox.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.SslOnConnect,
            };
            await client.ConnectAsync(mailbox.Host, mailbox.Port, security, ct);
            await client.AuthenticateAsync(mailbox.User, password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task ReadNewAsync(TeamMailbox mailbox, ImapClient client, IMailFolder folder, CancellationToken ct)
    {
        var query = mailbox.Processed == ProcessedAction.MarkSeen ? SearchQuery.NotSeen : SearchQuery.All;
        var uids = await folder.SearchAsync(query, ct);
        IMailFolder? moveTo = mailbox.Processed == ProcessedAction.Move && mailbox.MoveTo is { Length: > 0 } target
            ? await client.GetFolderAsync(target, ct)
            : null;
        foreach (var uid in uids)
        {
            using var stream = new MemoryStream();
            var size = (await folder.FetchAsync([uid], MessageSummaryItems.Size, ct)).FirstOrDefault()?.Size ?? 0;
            if (size > InboundMailProcessor.MaxMessageBytes)
            {
                // Only the headers of a message over the limit are read; it is noted on its case and stays in the mailbox.
                using var headers = await folder.GetStreamAsync(uid, "HEADER", ct);
                await headers.CopyToAsync(stream, ct);
                stream.Write("\r\n"u8);
            }
            else
            {
                using var message = await folder.GetStreamAsync(uid, string.Empty, ct);
                await message.CopyToAsync(stream, ct);
            }

            var raw = stream.ToArray();
            await using (var scope = scopes.CreateAsyncScope())
            {
                var place = new InboundPlace(SourceOf(mailbox.TeamId), folder.UidValidity, uid.Id);
                var result = await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ApplyAsync(place, mailbox.TeamId, raw, ct, size);
                logger.LogInformation("Mailbox of team {TeamId}, UID {Uid}: {Outcome} {Note}", mailbox.TeamId, uid.Id, result.Outcome, result.Note);
            }

            if (moveTo is not null)
            {
                await folder.MoveToAsync(uid, moveTo, ct);
            }
            else
            {
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
            }
        }
    }

    /// <summary>
    /// IDLE until the server says something arrived, or a 30-second look without IDLE. Mail that arrived
    /// between the read and the IDLE (its notice may already have been taken in) is caught by asking the
    /// server first; IDLE is also ended every 30 s, so no missed notice can hold mail back for long.
    /// </summary>
    private static async Task WaitForMailAsync(ImapClient client, IMailFolder folder, int countAfterRead, CancellationToken ct)
    {
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(PollInterval, ct);
            return;
        }

        using var done = new CancellationTokenSource(PollInterval);
        void Arrived(object? sender, EventArgs e) => done.Cancel();
        folder.CountChanged += Arrived;
        try
        {
            await client.NoOpAsync(ct);
            if (folder.Count != countAfterRead)
            {
                return;
            }

            await client.IdleAsync(done.Token, ct);
        }
        finally
        {
            folder.CountChanged -= Arrived;
        }
    }
}
