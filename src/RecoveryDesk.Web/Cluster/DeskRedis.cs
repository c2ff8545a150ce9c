using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>The "Redis" configuration section; the connection string is ConnectionStrings:Redis.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";
    public const string ConnectionStringName = "Redis";

    /// <summary>Starts every channel and key the desk uses, so several desks can share one Redis.</summary>
    public string Prefix { get; set; } = "RecoveryDesk";
}

/// <summary>
/// The desk's connection to Redis when ConnectionStrings:Redis is set: the instances of one desk tell
/// each other about changes over its channels and count failed attempts in its keys. (The SignalR
/// backplane keeps a connection of its own, on channels under the same prefix.) Connecting waits at
/// most the connect timeout: an instance starts while Redis is away and the connection retries in the
/// background.
/// </summary>
public sealed class DeskRedis : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly string _prefix;

    public DeskRedis(string connectionString, RedisOptions options)
    {
        _prefix = options.Prefix;
        _connection = new(() => ConnectionMultiplexer.Connect(Configure(connectionString)));
    }

    public IConnectionMultiplexer Connection => _connection.Value;

    public RedisChannel Channel(string name) => RedisChannel.Literal($"{_prefix}:{name}");

    public RedisKey Key(string name) => $"{_prefix}:{name}";

    /// <summary>The settings from the connection string, with a failed first connect retried instead of thrown.</summary>
    public static ConfigurationOptions Configure(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
