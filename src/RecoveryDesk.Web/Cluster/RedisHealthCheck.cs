using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

/// <summary>Part of /health/ready when Redis is configured: without it consoles on other instances go quiet and limits stop being shared.</summary>
internal sealed class RedisHealthCheck(DeskRedis redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await redis.Connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {roundTrip.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", error);
        }
    }
}
