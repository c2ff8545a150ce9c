using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Web.Hubs;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>
/// Acts on what the other instances say (<see cref="RedisPeers"/>): outbox messages were committed, so
/// its dispatcher looks (it may be the one holding the lease); a colleague's groups changed, so their
/// connections here are regrouped — from the database, past the staff cache — and the asker is answered.
/// Each channel's messages are handled one at a time, in the order they came.
/// </summary>
internal sealed class PeerListener(
    DeskRedis redis,
    RedisPeers peers,
    StaffActorCache staffActors,
    OutboxSignal outbox,
    DeskConnections connections,
    TimeProvider clock,
    ILogger<PeerListener> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly List<ChannelMessageQueue> _subscriptions = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopped;

    /// <summary>
    /// Returns once subscribed, so the instance hears its peers from its first request; if Redis is
    /// away it starts anyway and goes on subscribing in the background.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = SubscribeUntilDoneAsync(_stopping.Token);
        await _firstAttempt.Task.WaitAsync(cancellationToken);
    }

    private async Task SubscribeUntilDoneAsync(CancellationToken stopping)
    {
        (string Channel, Func<Guid, string[], Task> Handle, bool IncludingOwn)[] channels =
        [
            (RedisPeers.OutboxWrittenChannel, (_, _) =>
            {
                outbox.NotifyHere();
                return Task.CompletedTask;
            }, false),
            (RedisPeers.RegroupChannel, RegroupAsync, true),
            (RedisPeers.RegroupedChannel, (_, rest) =>
            {
                if (rest.Length == 1 && Guid.TryParseExact(rest[0], "N", out var request))
                {
                    peers.Regrouped(request);
                }

                return Task.CompletedTask;
            }, true),
        ];
        var subscribed = 0;
        while (subscribed < channels.Length && !stopping.IsCancellationRequested)
        {
            try
            {
                var (channel, handle, includingOwn) = channels[subscribed];
                await ListenAsync(channel, handle, includingOwn);
                subscribed++;
            }
            catch (RedisException error)
            {
                _firstAttempt.TrySetResult();
                // Once subscribed, the Redis client itself subscribes again after a reconnect.
                logger.LogWarning(error, "Cannot listen to the other instances yet; trying again in {Wait}.", RetryEvery);
                try
                {
                    await Task.Delay(RetryEvery, clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        _firstAttempt.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped again after it was disposed (a test factory does): only the first stop counts.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _listening;
        foreach (var subscription in _subscriptions)
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (ObjectDisposedException)
            {
                // The connection was closed first (the host disposes it with the container): nothing is left to leave.
                return;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _stopping.Cancel();
        }

        _stopping.Dispose();
    }

    private async Task RegroupAsync(Guid sender, string[] rest)
    {
        if (rest.Length != 2 || !Guid.TryParseExact(rest[0], "N", out var request) || !Guid.TryParseExact(rest[1], "N", out var staffId))
        {
            return;
        }

        // The asker regrouped its own connections before asking.
        if (sender != peers.InstanceId)
        {
            staffActors.ClearHere();
            await connections.RegroupAsync(staffId, CancellationToken.None);
        }

        await redis.Connection.GetSubscriber().PublishAsync(redis.Channel(RedisPeers.RegroupedChannel), $"{peers.InstanceId:N}|{request:N}");
    }

    private async Task ListenAsync(string channel, Func<Guid, string[], Task> handle, bool includingOwn = false)
    {
        var subscription = await redis.Connection.GetSubscriber().SubscribeAsync(redis.Channel(channel));
        subscription.OnMessage(async message =>
        {
            if (!RedisPeers.TryRead(message.Message, out var sender, out var rest) || (sender == peers.InstanceId && !includingOwn))
            {
                return;
            }

            try
            {
                await handle(sender, rest);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Handling {Channel} from instance {Sender} failed.", channel, sender);
            }
        });
        _subscriptions.Add(subscription);
    }
}
