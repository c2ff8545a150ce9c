using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Outbox;

/// <summary>The "Outbox" configuration section.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>False writes messages but pushes none (e.g. a second instance, or a test of crash recovery).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>Delivered messages are deleted after this many hours.</summary>
    public int RetentionHours { get; set; } = 72;

    /// <summary>
    /// How long after start the first pass waits (unless a commit wakes it sooner) before sending what a
    /// crash left undelivered, so consoles reconnecting after a restart are back in their groups.
    /// </summary>
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A safety net only: commits wake the dispatcher at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// With several instances, how long the dispatcher delivering holds the outbox without renewing
    /// (it renews at every pass, so keep this well above <see cref="PollInterval"/>): an instance that
    /// dies has its messages delivered by another after at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The seam between the outbox and the browsers: the host pushes over SignalR.</summary>
public interface ILiveDesk
{
    Task SendToDeskAsync(IReadOnlyList<string> groups, DeskMessage message, CancellationToken cancellationToken);

    Task SendToStatusPageAsync(IReadOnlyList<string> groups, StatusMessage message, CancellationToken cancellationToken);

    /// <summary>Tells the consoles of a case's owner, team and the supervisors that a mail to its customer was sent or failed.</summary>
    Task SendMailUpdateAsync(IReadOnlyList<string> groups, Mail.MailUpdate update, CancellationToken cancellationToken);

    /// <summary>Tells a colleague's teams, themselves and the supervisors that they became available, away or off shift.</summary>
    Task SendAvailabilityAsync(IReadOnlyList<string> groups, Assignment.AvailabilityView availability, CancellationToken cancellationToken);

    /// <summary>Moves a colleague's live connections into the groups their teams and roles now give them, or ends them if they were deactivated.</summary>
    Task RegroupAsync(Guid staffId, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers committed outbox messages in the order they were written (so in order per case), then
/// marks them delivered. At least once: a crash between pushing and marking pushes again after the
/// restart, and clients drop what they already have by the case version. Woken by each commit; polls
/// only as a safety net. Prunes delivered messages after the retention period. With several
/// instances, only the dispatcher holding the <see cref="OutboxLease"/> delivers; the others look at
/// each wake-up and poll whether it is free.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    ILiveDesk live,
    OutboxSignal signal,
    OutboxLease lease,
    OutboxOptions options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int MaxCasesInParallel = 16;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);
    private DateTimeOffset? _lastPrunedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatchEnabled)
        {
            logger.LogWarning("Outbox dispatch is off (Outbox:DispatchEnabled=false): live messages are stored but not pushed.");
            return;
        }

        var wait = options.StartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitAsync(wait, clock, stoppingToken);
            wait = options.PollInterval;
            try
            {
                await DispatchPendingAsync(stoppingToken);
                await PruneIfDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The dispatcher must outlive a failed pass; the messages stay undelivered and are retried.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogError(exception, "Pushing live messages failed; trying again in {Interval}.", wait);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.DispatchEnabled)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await lease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>(), cancellationToken);
            // The other instances look now rather than at their next poll.
            signal.Notify();
        }
#pragma warning disable CA1031 // Stopping goes on: the lease then expires by itself.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogWarning(exception, "Could not release the outbox lease; another instance takes over once it expires.");
        }
    }

    /// <summary>
    /// One pass: everything undelivered, oldest first, while this dispatcher holds the lease (renewed
    /// before each batch). Returns how many messages went out.
    /// </summary>
    internal async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
            if (!await lease.TryHoldAsync(db, cancellationToken))
            {
                return total;
            }

            var batch = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.DeliveredAt == null)
                .OrderBy(m => m.Id)
                .Take(options.BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }

            var delivered = new List<long>(batch.Count);
            try
            {
                await DeliverInOrderAsync(batch, delivered, cancellationToken);
            }
            finally
            {
                if (delivered.Count > 0)
                {
                    DateTimeOffset? now = clock.GetUtcNow();
                    await db.OutboxMessages.Where(m => delivered.Contains(m.Id))
                        .ExecuteUpdateAsync(set => set.SetProperty(m => m.DeliveredAt, now), CancellationToken.None);
                }
            }

            total += delivered.Count;
            if (batch.Count < options.BatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// Order matters per case (a console must not see version 5 after version 6) and around a change to
    /// someone's groups (a regroup must land before the messages written after it). So a batch is cut at
    /// each regroup, and within each part the cases are pushed side by side, each case's messages in turn.
    /// A case whose push fails stops there; its later messages stay undelivered and go in the next pass.
    /// </summary>
    private async Task DeliverInOrderAsync(List<OutboxMessage> batch, List<long> delivered, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < batch.Count)
        {
            if (batch[start].EventName == LiveEvents.StaffChanged)
            {
                await DeliverAsync(batch[start], cancellationToken);
                delivered.Add(batch[start].Id);
                start++;
                continue;
            }

            var end = start;
            while (end < batch.Count && batch[end].EventName != LiveEvents.StaffChanged)
            {
                end++;
            }

            var perCase = batch.GetRange(start, end - start).GroupBy(m => m.CaseId).ToList();
            Exception? failure = null;
            await Parallel.ForEachAsync(
                perCase,
                new ParallelOptions { MaxDegreeOfParallelism = MaxCasesInParallel, CancellationToken = cancellationToken },
                async (messages, ct) =>
                {
                    try
                    {
                        foreach (var message in messages)
                        {
                            await DeliverAsync(message, ct);
                            lock (delivered)
                            {
                                delivered.Add(message.Id);
                            }
                        }
                    }
#pragma warning disable CA1031 // Reported once the other cases of the part are pushed.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        Interlocked.CompareExchange(ref failure, exception, null);
                    }
                });
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            start = end;
        }
    }

    private async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var activity = Common.Telemetry.StartLinked("outbox deliver", System.Diagnostics.ActivityKind.Producer, message.TraceParent);
        activity?.SetTag("recoverydesk.outbox.event", message.EventName);
        activity?.SetTag("recoverydesk.outbox.message_id", message.Id);
        activity?.SetTag("recoverydesk.case.id", message.CaseId);
        try
        {
            await PushAsync(message, cancellationToken);
        }
        catch (Exception error)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.GetType().Name);
            throw;
        }
    }

    private async Task PushAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.EventName == LiveEvents.StaffChanged)
        {
            if (Read<StaffChangedMessage>(message) is { } changed)
            {
                await live.RegroupAsync(changed.StaffId, cancellationToken);
            }
        }
        else if (message.EventName == LiveEvents.MailUpdated)
        {
            if (Read<Mail.MailUpdate>(message) is { } update)
            {
                await live.SendMailUpdateAsync(message.AudienceList, update, cancellationToken);
            }
        }
        else if (message.EventName == LiveEvents.AvailabilityChanged)
        {
            if (Read<Assignment.AvailabilityView>(message) is { } availability)
            {
                await live.SendAvailabilityAsync(message.AudienceList, availability, cancellationToken);
            }
        }
        else if (message.IsPublic)
        {
            if (Read<StatusMessage>(message) is { } status)
            {
                await live.SendToStatusPageAsync(message.AudienceList, status, cancellationToken);
            }
        }
        else if (Read<DeskMessage>(message) is { } desk)
        {
            await live.SendToDeskAsync(message.AudienceList, desk, cancellationToken);
        }
    }

    /// <summary>A message that cannot be read is logged and skipped rather than blocking every later one.</summary>
    private T? Read<T>(OutboxMessage message)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message.PayloadJson, LiveJson.Options);
        }
        catch (JsonException exception)
        {
            logger.LogError(exception, "Outbox message {Id} ({Event}) cannot be read and is skipped.", message.Id, message.EventName);
            return null;
        }
    }

    private async Task PruneIfDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_lastPrunedAt is { } last && now - last < PruneEvery)
        {
            return;
        }

        _lastPrunedAt = now;
        DateTimeOffset? cutoff = now - TimeSpan.FromHours(options.RetentionHours);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var pruned = await db.OutboxMessages.Where(m => m.DeliveredAt != null && m.DeliveredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
        {
            logger.LogInformation("Pruned {Count} live messages delivered before {Cutoff:u}.", pruned, cutoff);
        }
    }
}

public static class OutboxRegistration
{
    /// <summary>
    /// The delivery side, for the host that pushes to browsers. Saves write their messages with or
    /// without it; with it, each commit wakes the dispatcher.
    /// </summary>
    public static IServiceCollection AddOutboxDispatcher<TLiveDesk>(this IServiceCollection services, IConfiguration configuration)
        where TLiveDesk : class, ILiveDesk
    {
        services.TryAddSingleton(configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions());
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxLease>();
        services.TryAddSingleton<ILiveDesk, TLiveDesk>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
