using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Mail;

/// <summary>Wakes the mail dispatcher when a transaction that wrote customer mail has committed.</summary>
public sealed class MailSignal : WakeUpSignal;

/// <summary>What a console hears when a mail to a customer was sent or failed (hub method MailEvent).</summary>
public sealed record MailUpdate(Guid CaseId, Guid? OwnerId, Guid MailId, MailState State, string Subject, string To, string? Failure, DateTimeOffset At);

/// <summary>
/// Sends committed customer mail, oldest first, over one connection per batch, and records each outcome
/// (and a live MailUpdated message for the consoles) in one commit. A transient failure (4xx, a refused
/// connection, a timeout) is retried with backoff until <see cref="MailOptions.GiveUpAfter"/>; a
/// permanent one (5xx) fails the mail at once. Mails are claimed with a lease before they are sent, so
/// several instances never send the same mail at the same time and one that dies is taken over once
/// its lease has passed. A crash between the send and the record sends the mail again, with the same
/// Message-ID. Delivery runs beside the commands and never holds them up.
/// </summary>
public sealed class MailDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    MailSignal signal,
    MailOptions options,
    TimeProvider clock,
    Inbound.OutgoingMailHealth health,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    private readonly Guid _me = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatchEnabled)
        {
            logger.LogWarning("Mail dispatch is off (Mail:DispatchEnabled=false): customer mail is stored but not sent.");
            return;
        }

        await ReleaseLeasesOfAnEarlierRunAsync(stoppingToken);
        var until = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitUntilAsync(until, clock, stoppingToken);
            try
            {
                await SendDueAsync(stoppingToken);
                until = await NextDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The dispatcher must outlive a failed pass; the mail stays queued and is tried again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                until = clock.GetUtcNow() + options.PollInterval;
                logger.LogError(exception, "Sending customer mail failed; trying again in {Interval}.", options.PollInterval);
            }
        }
    }

    /// <summary>
    /// On SQLite only one instance runs, so a lease still held on start is this desk's own from before a
    /// crash: the mail is taken back at once instead of after the lease. On a server database another
    /// instance may hold it; it passes to this one when it ends.
    /// </summary>
    private async Task ReleaseLeasesOfAnEarlierRunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        if (db.Database.IsSqlite())
        {
            await ReleaseAsync(db.CustomerMails.Where(m => m.LeaseOwner != null), cancellationToken);
        }
    }

    /// <summary>One pass: every mail due now. Returns how many were sent.</summary>
    internal async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (await ClaimAsync(cancellationToken) is { Count: > 0 } claimed)
        {
            sent += await SendAsync(claimed, cancellationToken);
        }

        return sent;
    }

    /// <summary>Takes a lease on the next batch of due mail; only rows this dispatcher now holds are returned.</summary>
    private async Task<List<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        DateTimeOffset? now = clock.GetUtcNow();
        DateTimeOffset? until = now + options.Lease;
        var due = await db.CustomerMails.AsNoTracking()
            .Where(m => m.State == MailState.Queued && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.CaseVersion).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return due;
        }

        Guid? me = _me;
        await db.CustomerMails
            .Where(m => due.Contains(m.Id) && m.State == MailState.Queued && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseOwner, me).SetProperty(m => m.LeaseUntil, until), cancellationToken);
        return await db.CustomerMails.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LeaseOwner == me && m.LeaseUntil == until)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Sends the claimed mail over one connection and records each outcome as it comes, so a crash repeats
    /// at most the one mail in flight. It stops early — leaving the rest queued, their lease released —
    /// when the host stops, when the lease is nearly over (another instance may take the mail then), or
    /// when a record finds the lease already taken over.
    /// </summary>
    private async Task<int> SendAsync(List<Guid> claimed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var codes = scope.ServiceProvider.GetRequiredService<OpeningCodes>();
        var mails = await db.CustomerMails.Where(m => claimed.Contains(m.Id)).OrderBy(m => m.CreatedAt).ThenBy(m => m.CaseVersion).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var caseIds = mails.Select(m => m.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.TeamId, c.OwnerId }).ToDictionaryAsync(c => c.Id, cancellationToken);

        var sent = 0;
        var recorded = new HashSet<Guid>();
        var held = new HashSet<Guid>();
        IMailSession? session = null;
        MailDeliveryException? unreachable = null;
        try
        {
            try
            {
                session = await transport.OpenAsync(cancellationToken);
                health.Working(transport.Describe, clock.GetUtcNow());
            }
            catch (MailDeliveryException failure)
            {
                unreachable = failure;
                health.Failing(transport.Describe, failure.Message, clock.GetUtcNow());
            }

            foreach (var mail in mails)
            {
                // No send is started in the last quarter of the lease: another dispatcher may take the mail then.
                if (cancellationToken.IsCancellationRequested || mail.LeaseUntil is not { } leaseUntil || clock.GetUtcNow() > leaseUntil - (options.Lease / 4))
                {
                    break;
                }

                // The span covers the send and its record, so the live message announcing it links here.
                using var activity = Common.Telemetry.Source.StartActivity("mail send", System.Diagnostics.ActivityKind.Client);
                activity?.SetTag("recoverydesk.case.id", mail.CaseId);
                activity?.SetTag("recoverydesk.mail.kind", mail.Kind.ToString());
                MailDeliveryException? failure = unreachable;
                var waiting = failure is null && held.Contains(mail.CaseId);
                if (waiting)
                {
                    // An earlier mail of this case is waiting for a retry; this one follows it, not overtakes it.
                    failure = new MailDeliveryException("Waiting for an earlier mail to this customer.", permanent: false);
                }
                else if (failure is null)
                {
                    try
                    {
                        await session!.SendAsync(MailMessages.Build(mail, codes.Unprotect(mail.ProtectedAccessCode)), cancellationToken);
                    }
                    catch (MailDeliveryException refused)
                    {
                        failure = refused;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                var now = clock.GetUtcNow();
                mail.Attempts += waiting ? 0 : 1;
                mail.LeaseOwner = null;
                mail.LeaseUntil = null;
                if (failure is null)
                {
                    mail.ProtectedAccessCode = null;
                    mail.State = MailState.Sent;
                    mail.SentAt = now;
                    mail.LastError = null;
                    sent++;
                }
                else
                {
                    held.Add(mail.CaseId);
                    Failed(mail, failure, now);
                }

                if (!waiting)
                {
                    var result = mail.State switch { MailState.Sent => "sent", MailState.Failed => "failed", _ => "retry" };
                    activity?.SetTag("recoverydesk.mail.result", result);
                    if (failure is not null)
                    {
                        activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Message);
                    }

                    Common.Telemetry.MailsSent.Add(1, new KeyValuePair<string, object?>("result", result));
                }

                if (mail.State != MailState.Queued && cases.TryGetValue(mail.CaseId, out var @case))
                {
                    db.OutboxMessages.Add(Announce(mail, @case.TeamId, @case.OwnerId, now));
                }

                try
                {
                    // Recorded even when the host is stopping: a sent mail must not be sent again.
                    await work.CommitAsync(CancellationToken.None);
                    recorded.Add(mail.Id);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another dispatcher took the lease over (this one was too slow): it owns the rest.
                    logger.LogWarning("Mail {MessageId} was taken over by another dispatcher; this one stops its batch.", mail.MessageId);
                    return sent;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            Guid? me = _me;
            var left = claimed.Where(id => !recorded.Contains(id)).ToList();
            if (left.Count > 0)
            {
                await using var release = scopes.CreateAsyncScope();
                await ReleaseAsync(
                    release.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().CustomerMails.Where(m => left.Contains(m.Id) && m.LeaseOwner == me),
                    CancellationToken.None);
            }
        }

        return sent;
    }

    /// <summary>The mail goes back to the queue at once, for whichever dispatcher claims it next.</summary>
    private static Task<int> ReleaseAsync(IQueryable<CustomerMail> mails, CancellationToken cancellationToken) =>
        mails.ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), cancellationToken);

    private void Failed(CustomerMail mail, MailDeliveryException failure, DateTimeOffset now)
    {
        var reason = MailText.Clip(failure.Message, CustomerMailConfiguration.MaxError)!;
        var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.FirstRetryDelay.Ticks * (1L << Math.Clamp(mail.Attempts - 1, 0, 20))));
        if (failure.Permanent || now + delay > mail.CreatedAt + options.GiveUpAfter)
        {
            mail.ProtectedAccessCode = null;
            mail.State = MailState.Failed;
            mail.LastError = failure.Permanent ? reason : $"Not delivered after {options.GiveUpAfter.TotalHours:0} hours: {reason}";
            logger.LogWarning("Mail {MessageId} to the customer of case {CaseId} failed: {Reason}", mail.MessageId, mail.CaseId, mail.LastError);
            return;
        }

        mail.LastError = reason;
        mail.NextAttemptAt = now + delay;
    }

    private static OutboxMessage Announce(CustomerMail mail, Guid teamId, Guid? ownerId, DateTimeOffset now)
    {
        var audiences = new List<string> { LiveGroups.Supervisors, LiveGroups.Team(teamId) };
        if (ownerId is { } owner)
        {
            audiences.Add(LiveGroups.Agent(owner));
        }

        var update = new MailUpdate(mail.CaseId, ownerId, mail.Id, mail.State, mail.Subject, mail.ToAddress, mail.State == MailState.Failed ? mail.LastError : null, now);
        return new OutboxMessage
        {
            CaseId = mail.CaseId,
            CaseVersion = mail.CaseVersion,
            EventName = LiveEvents.MailUpdated,
            Audiences = string.Join(OutboxMessage.AudienceSeparator, audiences.Order(StringComparer.Ordinal)),
            PayloadJson = JsonSerializer.Serialize(update, LiveJson.Options),
            IsPublic = false,
            CreatedAt = now,
        };
    }

    /// <summary>When the next retry falls due (or the safety poll, if sooner).</summary>
    private async Task<DateTimeOffset> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var now = clock.GetUtcNow();
        // A mail leased by another (or a dead) dispatcher is due when its lease ends, not before.
        var next = await db.CustomerMails.AsNoTracking()
            .Where(m => m.State == MailState.Queued)
            .Select(m => (DateTimeOffset?)(m.LeaseUntil != null && m.LeaseUntil > now ? m.LeaseUntil.Value : m.NextAttemptAt))
            .OrderBy(at => at)
            .FirstOrDefaultAsync(cancellationToken);
        var poll = now + options.PollInterval;
        return next is { } at && at < poll ? at : poll;
    }
}

public static class MailRegistration
{
    /// <summary>What every save needs to write customer mail (the composer and the wake-up), for any host.</summary>
    public static IServiceCollection AddCustomerMail(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = MailOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton(StatusLinks.From(configuration));
        services.AddSingleton<MailSignal>();
        services.AddScoped<CustomerMailComposer>();
        services.AddScoped<OpeningCodes>();
        services.AddScoped<Inbound.InboundMailProcessor>();
        services.AddSingleton<Inbound.MailboxHealth>();
        services.AddSingleton<Inbound.OutgoingMailHealth>();
        services.AddSingleton<Inbound.MailboxSecrets>();
        services.AddSingleton<Inbound.MailboxSignal>();
        return services;
    }

    /// <summary>
    /// The sending side (SMTP when Mail:Smtp:Host is set, otherwise .eml files in Mail:PickupFolder) and the
    /// reading side (each team's IMAP mailbox, and .eml files dropped into Mail:InboundFolder).
    /// </summary>
    public static IServiceCollection AddMailDispatcher(this IServiceCollection services)
    {
        services.AddSingleton<IMailTransport>(provider =>
        {
            var options = provider.GetRequiredService<MailOptions>();
            return string.IsNullOrWhiteSpace(options.Smtp.Host) ? new PickupFolderTransport(options) : new SmtpMailTransport(options);
        });
        services.AddHostedService<MailDispatcher>();
        services.AddHostedService<Inbound.InboundFolderReader>();
        services.AddHostedService<Inbound.ImapMailboxReader>();
        return services;
    }
}
