using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Web.Hubs;

/// <summary>What the customer's status page is sent: public changes to the one case it watches.</summary>
public interface IStatusClient
{
    Task CaseEvent(StatusMessage message);
}

/// <summary>What a successful Watch answers: the case's canonical reference and its current version.</summary>
public sealed record StatusWatch(string Reference, int Version);

/// <summary>
/// /hubs/status, for customers (no account). <see cref="Watch"/> checks reference and access code
/// like the public API — an unknown reference and a wrong code get the same refusal — and then puts
/// this connection in that case's group only, which receives public changes and nothing else.
/// </summary>
[AllowAnonymous]
public sealed class StatusHub(RecoveryDeskDbContext db, StatusWatchLimits limits) : Hub<IStatusClient>
{
    public const string Refusal = "No case matches that reference and access code.";
    public const string TooManyAttempts = "Too many attempts to open a case; wait a minute and reload the page.";
    private const string WatchingKey = "RecoveryDesk.Watching";
    private const int MaxAccessCodeLength = 100;

    // Checked like a real code, so an unknown reference costs the same work as a wrong code.
    private static readonly string NoSuchCaseHash = AccessCode.Hash(AccessCode.New());

    public async Task<StatusWatch> Watch(string reference, string accessCode)
    {
        if (!limits.TryAttempt(Context))
        {
            throw new HubException(TooManyAttempts);
        }

        Case? found = null;
        if (CaseReference.TryNormalize(reference, out var canonical) && accessCode is { Length: > 0 and <= MaxAccessCodeLength })
        {
            found = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == canonical, Context.ConnectionAborted);
        }

        if (found is null)
        {
            _ = AccessCode.Matches(accessCode, NoSuchCaseHash);
            throw new HubException(Refusal);
        }

        if (!found.AccessCodeMatches(accessCode))
        {
            throw new HubException(Refusal);
        }

        // One case per connection: watching another one leaves the first.
        if (Context.Items.TryGetValue(WatchingKey, out var watching) && watching is string previous)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, previous);
        }

        var group = LiveGroups.Case(found.Id);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        Context.Items[WatchingKey] = group;
        return new StatusWatch(found.Reference, found.Version);
    }
}

/// <summary>The "Live" configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Watch calls one status-page connection may make, right or wrong.</summary>
    public int WatchAttemptsPerConnection { get; set; } = 10;

    /// <summary>Watch calls per client address per minute, over all its connections.</summary>
    public int WatchAttemptsPerAddressPerMinute { get; set; } = 30;
}

/// <summary>Caps Watch attempts per connection and per client address, so the hub cannot be used to try references or codes in bulk.</summary>
public sealed class StatusWatchLimits(LiveOptions options) : IDisposable
{
    private const string AttemptsKey = "RecoveryDesk.WatchAttempts";

    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.WatchAttemptsPerAddressPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAttempt(HubCallerContext context)
    {
        var attempts = (context.Items.TryGetValue(AttemptsKey, out var counted) && counted is int count ? count : 0) + 1;
        context.Items[AttemptsKey] = attempts;
        if (attempts > options.WatchAttemptsPerConnection)
        {
            return false;
        }

        var address = context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _perAddress.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _perAddress.Dispose();
}
