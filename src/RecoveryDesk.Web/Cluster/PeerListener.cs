using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Web.Hubs;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>
/// Acts on what the other instances say (<see cref="RedisPeers"/>): staff changed, so this instance
/// forgets who anyone is; outbox messages were committed, so its dispatcher looks (it may be the one
/// holding the lease); a colleague's groups changed, so their connections here are regrouped — after
/// forgetting cached staff, since that word may still be on its way — and the asker is answered.
/// Each channel's messages are handled one at a time, in the order they came.
/// </summary>
internal sealed class PeerListener(
    DeskRedis redis,
    RedisPeers peers,
    StaffActorCache staffActors,
    OutboxSignal outbox,
    DeskConnections connections,
    ILogger<PeerListener> logger) : IHostedService
{
    private readonly List<ChannelMessageQueue> _subscriptions = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ListenAsync(RedisPeers.StaffChangedChannel, (_, _) =>
        {
            staffActors.ClearHere();
            return Task.CompletedTask;
        });
        await ListenAsync(RedisPeers.OutboxWrittenChannel, (_, _) =>
        {
            outbox.NotifyHere();
            return Task.CompletedTask;
        });
        await ListenAsync(RedisPeers.RegroupChannel, RegroupAsync, includingOwn: true);
        await ListenAsync(RedisPeers.RegroupedChannel, (_, rest) =>
        {
            if (rest.Length == 1 && Guid.TryParseExact(rest[0], "N", out var request))
            {
                peers.Regrouped(request);
            }

            return Task.CompletedTask;
        }, includingOwn: true);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host that is stopped twice (a test factory does) must not unsubscribe twice.
        List<ChannelMessageQueue> subscriptions;
        lock (_subscriptions)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }
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
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }
    }
}
