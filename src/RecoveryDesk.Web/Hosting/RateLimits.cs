using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Web.Hosting;

/// <summary>The "RateLimits" configuration section.</summary>
public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>Requests to the customer routes per client address per minute.</summary>
    public int CustomerPerAddressPerMinute { get; set; } = 20;

    /// <summary>Requests to the customer routes per case reference per minute, from whatever address: guessing one case's code does not scale.</summary>
    public int CustomerPerReferencePerMinute { get; set; } = 10;
}

/// <summary>Marks a route as the customers' (reference and access code): limited per client address and per reference.</summary>
internal sealed class CustomerRateLimitsMetadata
{
    public static readonly CustomerRateLimitsMetadata Instance = new();
}

internal static class RateLimits
{
    public const string SignIn = "sign-in";

    public static TBuilder RequireCustomerRateLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(CustomerRateLimitsMetadata.Instance);

    public static IServiceCollection AddDeskRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Wait a moment before trying again." },
                });
            };
            limiter.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // The customer routes need two limits at once, which one endpoint policy cannot give: they are
            // chained here and apply only to routes marked with RequireCustomerRateLimits.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsCustomerRoute(http)
                    ? PerMinute($"address:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", options.CustomerPerAddressPerMinute)
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsCustomerRoute(http)
                    && CaseReference.TryNormalize(http.GetRouteValue("reference") as string, out var reference)
                        ? PerMinute($"reference:{reference}", options.CustomerPerReferencePerMinute)
                        : RateLimitPartition.GetNoLimiter(string.Empty)));
        });
        return services;
    }

    private static bool IsCustomerRoute(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<CustomerRateLimitsMetadata>() is not null;

    private static RateLimitPartition<string> PerMinute(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(
        key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
