using System.Collections.Concurrent;
using System.Globalization;
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
/// limit. Guessing stays pointless: a code has 128 bits.
/// </summary>
public sealed class CustomerLimits(RateLimitOptions options, TimeProvider clock, ILogger<CustomerLimits> logger)
{
    public const string TooManyTitle = "Too many attempts";
    public const string TooManyDetail = "Too many attempts to open a case; wait a minute and try again.";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Far more keys than a minute of honest mistakes; past it, finished windows are dropped.
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, Count> _failures = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts one failed lookup and logs it (once, at information level, without the code). Returns
    /// how long to wait when the reference or the address is over its limit, or null for a plain refusal.
    /// </summary>
    public TimeSpan? Failed(string? reference, IPAddress? address, string via)
    {
        var now = clock.GetUtcNow();
        Prune(now);
        var canonical = CaseReference.TryNormalize(reference, out var normalized) ? normalized : null;
        var byAddress = Add($"address:{address?.ToString() ?? "unknown"}", now, options.CustomerPerAddressPerMinute);
        var byReference = canonical is null ? null : Add($"reference:{canonical}", now, options.CustomerPerReferencePerMinute);
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
            if (limits.Failed(http.GetRouteValue("reference") as string, http.Connection.RemoteIpAddress, "lookup") is not { } wait)
            {
                throw;
            }

            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(TooManyDetail, statusCode: StatusCodes.Status429TooManyRequests, title: TooManyTitle);
        }
    }

    private TimeSpan? Add(string key, DateTimeOffset now, int limit)
    {
        var count = _failures.AddOrUpdate(
            key,
            _ => new Count(now, 1),
            (_, existing) => now - existing.Since >= Window ? new Count(now, 1) : existing with { Failures = existing.Failures + 1 });
        return count.Failures > limit ? count.Since + Window - now : null;
    }

    private void Prune(DateTimeOffset now)
    {
        if (_failures.Count < MaxKeys)
        {
            return;
        }

        foreach (var (key, count) in _failures)
        {
            if (now - count.Since >= Window)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Count(DateTimeOffset Since, int Failures);
}
