using System.Net;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// The customers' limits, shared by the public routes and the status hub's Watch: failed lookups (an
/// unknown reference or a wrong code, which get the same answer) are counted per reference and per
/// client address over a minute; past either limit a failed lookup answers "too many attempts" with
/// Retry-After instead. A lookup with the right code is never counted and never refused, so nobody
/// can lock a customer out of their own case, and a customer using the page normally never meets a
/// limit. Guessing stays pointless: a code has 128 bits. The counts are shared by every instance of
/// the desk when Redis is configured (<see cref="IFailureCountStore"/>).
/// </summary>
public sealed class CustomerLimits(RateLimitOptions options, IFailureCountStore store, ILogger<CustomerLimits> logger)
{
    public const string TooManyTitle = "Too many attempts";
    public const string TooManyDetail = "Too many attempts to open a case; wait a minute and try again.";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // A fixed window of a minute from the first failure.
    private readonly IFailureCounts _failures = store.For("customer", new FailureWindow(Window, FromFirst: true));

    /// <summary>
    /// Counts one failed lookup and logs it (once, at information level, without the code). Returns
    /// how long to wait when the reference or the address is over its limit, or null for a plain refusal.
    /// </summary>
    public async Task<TimeSpan?> FailedAsync(string? reference, IPAddress? address, string via)
    {
        var canonical = CaseReference.TryNormalize(reference, out var normalized) ? normalized : null;
        var byAddress = await AddAsync($"address:{address?.ToString() ?? "unknown"}", options.CustomerPerAddressPerMinute);
        var byReference = canonical is null ? null : await AddAsync($"reference:{canonical}", options.CustomerPerReferencePerMinute);
        var wait = new[] { byAddress, byReference }.Max();
        logger.LogInformation(
            "Refused a customer's {Via} of {Reference} from {Address}: {Outcome}.",
            via,
            canonical ?? "a malformed reference",
            address?.ToString() ?? "an unknown address",
            wait is null ? "no case matches that reference and code" : "too many failed attempts");
        return wait;
    }

    /// <summary>An endpoint filter for the customer routes: counts refusals and turns those over the limit into 429.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NotFoundException refused) when (refused.Message == PublicCaseAccess.Refusal)
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<CustomerLimits>();
            if (await limits.FailedAsync(http.GetRouteValue("reference") as string, http.Connection.RemoteIpAddress, "lookup") is not { } wait)
            {
                throw;
            }

            http.Response.SetRetryAfter(wait);
            return TypedResults.Problem(TooManyDetail, statusCode: StatusCodes.Status429TooManyRequests, title: TooManyTitle);
        }
    }

    private async Task<TimeSpan?> AddAsync(string key, int limit)
    {
        var count = await _failures.AddAsync(key);
        return count.Count > limit ? count.First + Window - _failures.Now : null;
    }
}
