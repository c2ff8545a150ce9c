using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>
/// One desk served by several instances, as in production: each instance its own host, all on one
/// PostgreSQL database (Quartz's clustered store included) and one Redis (the backplane, the cache
/// invalidation and the shared counters, under a prefix of this desk's own). The instances share one
/// clock, as servers kept in step by NTP do. The servers are the ones ./build/test.sh starts; without
/// them the tests are skipped, except under CI, where that is a failure.
/// </summary>
public sealed class ClusterDesk : IAsyncDisposable
{
    public const string RedisVariable = "RECOVERYDESK_TEST_REDIS";

    private readonly TestPostgres _database;
    private readonly List<DeskApp> _instances = [];

    private ClusterDesk(TestPostgres database) => _database = database;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public IReadOnlyList<DeskApp> Instances => _instances;

    public DeskApp A => _instances[0];

    public DeskApp B => _instances[1];

    /// <summary>host:port of the test run's Redis.</summary>
    public static string Redis()
    {
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            return redis;
        }

        const string Why = $"No Redis server: ./build/test.sh starts one and sets {RedisVariable}.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(Why);
        }

        Assert.Ignore(Why);
        return string.Empty;
    }

    /// <param name="services">Added to one instance's services, by its index, e.g. to break its pushes.</param>
    public static async Task<ClusterDesk> StartAsync(int instances, IDictionary<string, string>? settings = null, Action<int, IServiceCollection>? services = null)
    {
        var redis = Redis();
        var database = await CreateDatabaseAsync();
        var cluster = new ClusterDesk(database);
        try
        {
            var all = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:RecoveryDesk"] = database.ConnectionString,
                ["Database:ApplyMigrationsOnStart"] = "true",
                ["Timers:Store"] = "Postgres",
                ["ConnectionStrings:Redis"] = redis,
                ["Redis:Prefix"] = $"desk-{Guid.NewGuid():N}",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                all[key] = value;
            }

            // One after the other: the first migrates and seeds, the others find it done.
            for (var i = 0; i < instances; i++)
            {
                var index = i;
                var app = new DeskApp(settings: all, clock: cluster.Clock, services: s => services?.Invoke(index, s));
                cluster._instances.Add(app);
                await app.StartAsync();
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new PostgreSQL database with Quartz's tables, as a DBA sets one up from db/postgresql/quartz.sql.</summary>
    public static async Task<TestPostgres> CreateDatabaseAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var quartz = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "db/postgresql/quartz.sql")), connection);
        await quartz.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>Stops one instance, as when it is taken out of the load balancer (its host shuts down).</summary>
    public async Task StopAsync(DeskApp instance)
    {
        _instances.Remove(instance);
        await instance.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _instances.Clear();
        await _database.DisposeAsync();
    }
}
