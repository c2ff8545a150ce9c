using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Hubs;

/// <summary>What a staff console is sent: one method for every case event, since the message names the event.</summary>
public interface IDeskClient
{
    Task CaseEvent(DeskMessage message);

    /// <summary>A mail to a case's customer was sent or failed.</summary>
    Task MailEvent(RecoveryDesk.Application.Mail.MailUpdate update);

    /// <summary>A colleague became available, away or off shift.</summary>
    Task StaffEvent(RecoveryDesk.Application.Assignment.AvailabilityView availability);
}

/// <summary>
/// /hubs/desk, for signed-in staff (bearer token, or the sign-in cookie). The server puts each
/// connection in its groups — the colleague, each of their teams, the supervisors — from the
/// database; there is nothing a client can call to join a group itself.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DeskHub(DeskConnections connections) : Hub<IDeskClient>
{
    public override async Task OnConnectedAsync()
    {
        await connections.OpenAsync(Context.User!.StaffId(), Context, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Close(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
