using RecoveryDesk.Web.Hosting;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>The counts in Redis, so every instance of the desk adds to the same ones.</summary>
internal sealed class RedisFailureCountStore(DeskRedis redis, TimeProvider clock, ILogger<RedisFailureCounts> logger) : IFailureCountStore
{
    public IFailureCounts For(string purpose, FailureWindow window) => new RedisFailureCounts(redis, purpose, clock, window, logger);
}

/// <summary>
/// One hash per key (count, first, latest, in milliseconds on the desk's clock, so the windows are
/// the same as in memory), updated by one script so two instances counting at once both count. Redis
/// forgets a hash some time after its window, like the in-memory counts drop finished ones.
/// While Redis cannot be reached this instance counts on its own, in memory: the limits still hold
/// per instance and a request never fails because the shared counts are away.
/// </summary>
internal sealed partial class RedisFailureCounts(DeskRedis redis, string purpose, TimeProvider clock, FailureWindow window, ILogger<RedisFailureCounts> logger) : IFailureCounts
{
    private readonly InMemoryFailureCounts _local = new(clock, window);

    private const string AddScript = """
        local now = tonumber(ARGV[1])
        local length = tonumber(ARGV[2])
        local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
        local first = tonumber(redis.call('HGET', KEYS[1], 'first') or '0')
        local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
        local since = last
        if ARGV[3] == '1' then since = first end
        if count == 0 or now - since >= length then
          count = 0
          first = now
        end
        count = count + 1
        redis.call('HSET', KEYS[1], 'count', count, 'first', first, 'last', now)
        redis.call('PEXPIRE', KEYS[1], 2 * length)
        return { count, tostring(first), tostring(now) }
        """;

    public DateTimeOffset Now => clock.GetUtcNow();

    public Task<FailureCount?> GetAsync(string key) => SharedOrLocalAsync(() => GetSharedAsync(key), () => _local.GetAsync(key));

    public Task<FailureCount> AddAsync(string key) => SharedOrLocalAsync(() => AddSharedAsync(key), () => _local.AddAsync(key));

    public async Task ClearAsync(string key)
    {
        await _local.ClearAsync(key);
        await SharedOrLocalAsync<bool>(() => redis.Connection.GetDatabase().KeyDeleteAsync(Key(key)), () => Task.FromResult(false));
    }

    private async Task<T> SharedOrLocalAsync<T>(Func<Task<T>> shared, Func<Task<T>> local)
    {
        if (!redis.Connection.IsConnected)
        {
            return await local();
        }

        try
        {
            return await shared();
        }
        catch (RedisException failure)
        {
            CountingLocally(logger, purpose, failure);
            return await local();
        }
    }

    private async Task<FailureCount?> GetSharedAsync(string key)
    {
        var fields = await redis.Connection.GetDatabase().HashGetAsync(Key(key), ["count", "first", "last"]);
        if (fields.Any(f => f.IsNull))
        {
            return null;
        }

        var count = new FailureCount((int)fields[0], At(fields[1]), At(fields[2]));
        return window.IsOver(count, Now) ? null : count;
    }

    private async Task<FailureCount> AddSharedAsync(string key)
    {
        var result = (RedisResult[])(await redis.Connection.GetDatabase().ScriptEvaluateAsync(
            AddScript,
            [Key(key)],
            [Now.ToUnixTimeMilliseconds(), (long)window.Length.TotalMilliseconds, window.FromFirst ? "1" : "0"]))!;
        return new FailureCount((int)result[0], At((RedisValue)result[1]), At((RedisValue)result[2]));
    }

    private static DateTimeOffset At(RedisValue milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);

    private RedisKey Key(string key) => redis.Key($"failures:{purpose}:{key}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer; {Purpose} failures are counted on this instance alone for now.")]
    private static partial void CountingLocally(ILogger logger, string purpose, Exception exception);
}
