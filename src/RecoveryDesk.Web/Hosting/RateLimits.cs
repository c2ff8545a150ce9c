using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RecoveryDesk.Web.Cluster;
using RedisRateLimiting;

namespace RecoveryDesk.Web.Hosting;

/// <summary>The "RateLimits" configuration section.</summary>
public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>Failed customer lookups (public routes and Watch) per client address per minute.</summary>
    public int CustomerPerAddressPerMinute { get; set; } = 20;

    /// <summary>Failed customer lookups per case reference per minute, from whatever address: guessing one case's code does not scale.</summary>
    public int CustomerPerReferencePerMinute { get; set; } = 10;
}

internal static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>Retry-After in whole seconds, at least one.</summary>
    public static void SetRetryAfter(this HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The customers' routes: failed lookups are counted per reference and per address (<see cref="CustomerLimits"/>).</summary>
    public static RouteGroupBuilder RequireCustomerLimits(this RouteGroupBuilder builder) => builder.AddEndpointFilter(CustomerLimits.FilterAsync);

    public static IServiceCollection AddDeskRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(options);
        // Replaced by the Redis one when several instances serve the desk (ClusterRegistration).
        services.AddSingleton<IFailureCountStore, InMemoryFailureCountStore>();
        services.AddSingleton<CustomerLimits>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.SetRetryAfter(retryAfter);
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Wait a moment before trying again." },
                });
            };
            // Per client address; counted in Redis when several instances serve the desk, in memory otherwise
            // (and while Redis is away, so sign-in keeps working with a limit per instance).
            limiter.AddPolicy(SignIn, http =>
            {
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return http.RequestServices.GetService<DeskRedis>() is { Connection.IsConnected: true } redis
                    ? RedisRateLimitPartition.GetFixedWindowRateLimiter(
                        redis.Key($"sign-in:{address}").ToString(),
                        _ => new RedisFixedWindowRateLimiterOptions { ConnectionMultiplexerFactory = () => redis.Connection, PermitLimit = options.SignInPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetFixedWindowLimiter(
                        address,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }
}
