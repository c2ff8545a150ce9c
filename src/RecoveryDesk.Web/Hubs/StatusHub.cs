using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Web.Hosting;

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
/// page as GET /api/public/cases/{reference} does. Failed attempts count against the same limits as
/// the public routes (<see cref="CustomerLimits"/>); a refusal is a HubException, which SignalR sends
/// to the caller without logging it as an error.
/// </summary>
[AllowAnonymous]
public sealed class StatusHub(RecoveryDeskDbContext db, IMediator mediator, CustomerLimits limits) : Hub<IStatusClient>
{
    public const string TooManyAttempts = CustomerLimits.TooManyDetail;
    private const string WatchingKey = "RecoveryDesk.Watching";

    public async Task<PublicCaseView> Watch(string reference, string accessCode)
    {
        Case found;
        try
        {
            found = await PublicCaseAccess.FindAsync(db.Cases.AsNoTracking(), reference, accessCode, Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            var address = Context.GetHttpContext()?.Connection.RemoteIpAddress;
            throw new HubException(await limits.FailedAsync(reference, address, "watch") is null ? PublicCaseAccess.Refusal : TooManyAttempts);
        }

        // One case per connection: watching another one leaves the first.
        if (Context.Items.TryGetValue(WatchingKey, out var watching) && watching is string previous)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, previous);
        }

        var group = LiveGroups.Case(found.Id, found.AccessCodeHash);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        Context.Items[WatchingKey] = group;
        // Read after joining, so a change in between is in the answer or in a message, never lost.
        return await mediator.Send(new GetPublicCaseQuery(found.Reference, accessCode), Context.ConnectionAborted);
    }
}
