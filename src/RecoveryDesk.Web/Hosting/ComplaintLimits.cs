using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RecoveryDesk.Web.Public;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// The complaint form's address limit: every form sent from one client address counts, accepted or
/// not, in a fixed window of an hour (Complaints:PerAddressPerHour). Past it the answer is 429 with
/// Retry-After, written by the rejection handler of <see cref="RateLimits"/>.
/// </summary>
internal static class ComplaintLimits
{
    public const string Policy = "complaints";

    public static IServiceCollection AddComplaintForm(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Complaints").Get<ComplaintOptions>() ?? new ComplaintOptions();
        if (options.PerAddressPerHour < 1 || options.MinimumFillTime < TimeSpan.Zero || options.FormTokenLifetime <= options.MinimumFillTime)
        {
            throw new InvalidOperationException("Complaints: PerAddressPerHour must be at least 1, MinimumFillTime at least 0 and FormTokenLifetime longer than MinimumFillTime.");
        }

        services.AddSingleton(options);
        services.AddSingleton<ComplaintFormTokens>();
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerAddressPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 })));
        return services;
    }
}
