using RecoveryDesk.Web.Hosting;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>The counts in Redis, so every instance of the desk adds to the same ones.</summary>
internal sealed class RedisFailureCountStore(DeskRedis redis, TimeProvider clock) : IFailureCountStore
{
    public IFailureCounts For(string purpose, FailureWindow window) => new RedisFailureCounts(redis, purpose, clock, window);
}

/// <summary>
/// One hash per key (count, first, latest, in milliseconds on the desk's clock, so the windows are
/// the same as in memory), updated by one script so two instances counting at once both count. Redis
/// forgets a hash some time after its window, like the in-memory counts drop finished ones.
/// </summary>
internal sealed class RedisFailureCounts(DeskRedis redis, string purpose, TimeProvider clock, FailureWindow window) : IFailureCounts
{
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

    public async Task<FailureCount?> GetAsync(string key)
    {
        var fields = await redis.Connection.GetDatabase().HashGetAsync(Key(key), ["count", "first", "last"]);
        if (fields.Any(f => f.IsNull))
        {
            return null;
        }

        var count = new FailureCount((int)fields[0], At(fields[1]), At(fields[2]));
        return window.IsOver(count, Now) ? null : count;
    }

    public async Task<FailureCount> AddAsync(string key)
    {
        var result = (RedisResult[])(await redis.Connection.GetDatabase().ScriptEvaluateAsync(
            AddScript,
            [Key(key)],
            [Now.ToUnixTimeMilliseconds(), (long)window.Length.TotalMilliseconds, window.FromFirst ? "1" : "0"]))!;
        return new FailureCount((int)result[0], At((RedisValue)result[1]), At((RedisValue)result[2]));
    }

    public Task ClearAsync(string key) => redis.Connection.GetDatabase().KeyDeleteAsync(Key(key));

    private static DateTimeOffset At(RedisValue milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);

    private RedisKey Key(string key) => redis.Key($"failures:{purpose}:{key}");
}
