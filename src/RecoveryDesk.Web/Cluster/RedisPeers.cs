using System.Collections.Concurrent;
using RecoveryDesk.Application.Common;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>What the live side asks of the other instances of the desk.</summary>
public interface IOtherInstances
{
    /// <summary>
    /// Has every other instance move this colleague's connections into the groups their teams and roles
    /// now give them (or end them), and returns once each has, so messages pushed afterwards find the
    /// connections where they belong.
    /// </summary>
    Task RegroupAsync(Guid staffId, CancellationToken cancellationToken);
}

/// <summary>A desk of one instance: its own connections are all there are.</summary>
internal sealed class NoOtherInstances : IOtherInstances
{
    public Task RegroupAsync(Guid staffId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The other instances, through Redis (keys and channels under the desk's prefix). The staff version is
/// a counter every instance reads before a lookup. The rest is pub/sub: each message names the instance
/// that sent it, so an instance skips its own words; <see cref="PeerListener"/> acts on the others'. An
/// outbox word is fire-and-forget (a lost one is caught up by the dispatcher's poll); a regroup waits for
/// every instance that received it to answer, at most <see cref="RegroupPatience"/>, so an instance that
/// died on the way holds nobody up. While Redis cannot be reached the staff version stays where it was
/// last seen, so the cache falls back to its lifetime instead of every request waiting on Redis.
/// </summary>
public sealed class RedisPeers(DeskRedis redis, ILogger<RedisPeers> logger) : IDeskPeers, IOtherInstances
{
    public const string StaffVersionKey = "staff-version";
    public const string OutboxWrittenChannel = "outbox-written";
    public const string RegroupChannel = "regroup";
    public const string RegroupedChannel = "regrouped";

    public static readonly TimeSpan RegroupPatience = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, PendingRegroup> _pending = new();
    private long _lastStaffVersion;

    /// <summary>This instance, as its messages name it.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    public void StaffChanged()
    {
        if (!redis.Connection.IsConnected)
        {
            logger.LogWarning("Redis cannot be reached: the other instances notice this change to staff within the staff cache's lifetime.");
            return;
        }

        try
        {
            // Waited for: the request that made the change is answered only once the others can see it.
            Volatile.Write(ref _lastStaffVersion, redis.Connection.GetDatabase().StringIncrement(redis.Key(StaffVersionKey)));
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            logger.LogWarning(error, "Could not tell the other instances that staff changed; they notice within the staff cache's lifetime.");
        }
    }

    public async ValueTask<long> StaffVersionAsync(CancellationToken cancellationToken)
    {
        if (!redis.Connection.IsConnected)
        {
            return Volatile.Read(ref _lastStaffVersion);
        }

        try
        {
            var version = await redis.Connection.GetDatabase().StringGetAsync(redis.Key(StaffVersionKey));
            var current = version.IsNull ? 0 : (long)version;
            Volatile.Write(ref _lastStaffVersion, current);
            return current;
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            logger.LogWarning(error, "Could not read the desk's staff version; using the cached staff a little longer.");
            return Volatile.Read(ref _lastStaffVersion);
        }
    }

    public void OutboxWritten() => Tell(OutboxWrittenChannel, InstanceId.ToString("N"));

    public async Task RegroupAsync(Guid staffId, CancellationToken cancellationToken)
    {
        var request = Guid.NewGuid();
        var pending = new PendingRegroup();
        _pending[request] = pending;
        try
        {
            // Every subscribed instance answers, this one included (at once: it regrouped before asking).
            var receivers = await redis.Connection.GetSubscriber()
                .PublishAsync(redis.Channel(RegroupChannel), $"{InstanceId:N}|{request:N}|{staffId:N}");
            pending.Expect((int)receivers);
            await pending.Done.WaitAsync(RegroupPatience, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Not every instance confirmed regrouping colleague {StaffId} within {Patience}; going on.", staffId, RegroupPatience);
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            logger.LogWarning(error, "Could not ask the other instances to regroup colleague {StaffId}; their connections keep their groups until they reconnect.", staffId);
        }
        finally
        {
            _pending.TryRemove(request, out _);
        }
    }

    /// <summary>An instance answered a regroup request this one sent.</summary>
    internal void Regrouped(Guid request)
    {
        if (_pending.TryGetValue(request, out var pending))
        {
            pending.Answered();
        }
    }

    internal static bool TryRead(RedisValue message, out Guid sender, out string[] rest)
    {
        var parts = message.ToString().Split('|');
        rest = parts[1..];
        return Guid.TryParseExact(parts[0], "N", out sender);
    }

    private void Tell(string channel, string message)
    {
        try
        {
            redis.Connection.GetSubscriber().Publish(redis.Channel(channel), message, CommandFlags.FireAndForget);
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            logger.LogWarning(error, "Could not tell the other instances ({Channel}).", channel);
        }
    }

    /// <summary>Answers counted against the number of instances that received the request.</summary>
    private sealed class PendingRegroup
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _expected = -1;
        private int _answered;

        public Task Done => _done.Task;

        public void Expect(int receivers)
        {
            Volatile.Write(ref _expected, receivers);
            Check();
        }

        public void Answered()
        {
            Interlocked.Increment(ref _answered);
            Check();
        }

        private void Check()
        {
            var expected = Volatile.Read(ref _expected);
            if (expected >= 0 && Volatile.Read(ref _answered) >= expected)
            {
                _done.TrySetResult();
            }
        }
    }
}
