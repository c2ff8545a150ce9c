using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Web.Hubs;

/// <summary>What the customer's status page is sent: public changes to the one case it watches.</summary>
public interface IStatusClient
{
    Task CaseEvent(StatusMessage message);
}

/// <summary>
/// /hubs/status, for customers (no account). <see cref="Watch"/> checks reference and access code
/// exactly like the public API (<see cref="PublicCaseAccess"/>: an unknown reference and a wrong
/// code get the same refusal, after the same constant-time comparison), puts this connection in that
/// case's group only — which receives public changes and nothing else — and answers with the status
/// page as GET /api/public/cases/{reference} does.
/// </summary>
[AllowAnonymous]
public sealed class StatusHub(RecoveryDeskDbContext db, IMediator mediator, StatusWatchLimits limits) : Hub<IStatusClient>
{
    public const string TooManyAttempts = "Too many attempts to open a case; wait a minute and reload the page.";
    private const string WatchingKey = "RecoveryDesk.Watching";

    public async Task<PublicCaseView> Watch(string reference, string accessCode)
    {
        if (!limits.TryAttempt(Context))
        {
            throw new HubException(TooManyAttempts);
        }

        Case found;
        try
        {
            found = await PublicCaseAccess.FindAsync(db.Cases.AsNoTracking(), reference, accessCode, Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            throw new HubException(PublicCaseAccess.Refusal);
        }

        // One case per connection: watching another one leaves the first.
        if (Context.Items.TryGetValue(WatchingKey, out var watching) && watching is string previous)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, previous);
        }

        var group = LiveGroups.Case(found.Id);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        Context.Items[WatchingKey] = group;
        // Read after joining, so a change in between is in the answer or in a message, never lost.
        return await mediator.Send(new GetPublicCaseQuery(found.Reference, accessCode), Context.ConnectionAborted);
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
