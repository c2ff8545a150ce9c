using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Domain;
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

    /// <summary>Someone who has the case open arrived, is still there, writes a reply, stopped, or left.</summary>
    Task Presence(PresenceMessage message);

    /// <summary>
    /// The connection is in its groups: every message pushed from now on reaches it. Sent once per
    /// connection, after the handshake (which completes before the groups are set), so a page reads
    /// its view after this and misses nothing pushed in between.
    /// </summary>
    Task Ready();
}

/// <summary>What a colleague with the case open is doing; <see cref="PresenceActivity.Arrived"/> asks those present to answer.</summary>
public enum PresenceActivity
{
    Arrived,
    Viewing,
    Typing,
    StoppedTyping,
    Left,
}

/// <summary>One colleague's presence on one case: who (never which connection) and what they are doing.</summary>
public sealed record PresenceMessage(Guid CaseId, Guid StaffId, string Name, PresenceActivity Activity);

/// <summary>
/// /hubs/desk, for signed-in staff (bearer token, or the sign-in cookie). The server puts each
/// connection in its groups — the colleague, each of their teams, the supervisors — from the
/// database; there is nothing a client can call to join one of those itself.
/// A console that opens a case joins that case's presence group through <see cref="ViewCase"/>, allowed
/// exactly when reading the case is. Presence lives in the messages, not on the server: each console
/// says it is still there every few seconds and forgets whoever has not for 30 s, so no instance needs
/// to know another's connections; a departure is said at once when the connection closes.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DeskHub(DeskConnections connections, IMediator mediator) : Hub<IDeskClient>
{
    // A console has one case open at a time; a few spare for tabs left behind by a slow LeaveCase.
    private const int MostViewedPerConnection = 8;
    private const string ViewingKey = "RecoveryDesk.Viewing";

    public override async Task OnConnectedAsync()
    {
        await connections.OpenAsync(Context.User!.StaffId(), Context, Context.ConnectionAborted);
        await base.OnConnectedAsync();
        if (!Context.ConnectionAborted.IsCancellationRequested)
        {
            await Clients.Caller.Ready();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Close(Context.ConnectionId);
        foreach (var (caseId, viewer) in Viewing())
        {
            await Clients.Group(LiveGroups.Viewers(caseId)).Presence(new PresenceMessage(caseId, viewer.StaffId, viewer.Name, PresenceActivity.Left));
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Opens the case's presence on this connection (the first call: checked like GET /api/cases/{id}, then
    /// <see cref="PresenceActivity.Arrived"/>) or says this console is still there (later calls: <see cref="PresenceActivity.Viewing"/>).
    /// </summary>
    public async Task ViewCase(Guid caseId)
    {
        var viewing = Viewing();
        var arrived = !viewing.TryGetValue(caseId, out var viewer);
        if (viewer is null)
        {
            if (viewing.Count >= MostViewedPerConnection)
            {
                throw new HubException($"A console views at most {MostViewedPerConnection} cases at once; leave one first.");
            }

            viewer = await ViewerAsync(caseId);
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Viewers(caseId), Context.ConnectionAborted);
            viewing[caseId] = viewer;
        }

        await Tell(caseId, viewer, arrived ? PresenceActivity.Arrived : PresenceActivity.Viewing);
    }

    /// <summary>The agent presses keys in the case's reply; the console calls this every few seconds while they do.</summary>
    public Task Typing(Guid caseId) => Tell(caseId, Present(caseId), PresenceActivity.Typing);

    /// <summary>The reply was sent or emptied.</summary>
    public Task StoppedTyping(Guid caseId) => Tell(caseId, Present(caseId), PresenceActivity.StoppedTyping);

    public async Task LeaveCase(Guid caseId)
    {
        var viewing = Viewing();
        if (!viewing.Remove(caseId, out var viewer))
        {
            return;
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Viewers(caseId), Context.ConnectionAborted);
        await Tell(caseId, viewer, PresenceActivity.Left);
    }

    private Task Tell(Guid caseId, CaseViewer viewer, PresenceActivity activity) =>
        Clients.Group(LiveGroups.Viewers(caseId)).Presence(new PresenceMessage(caseId, viewer.StaffId, viewer.Name, activity));

    private async Task<CaseViewer> ViewerAsync(Guid caseId)
    {
        try
        {
            return await mediator.Send(new ViewCaseQuery(Context.User!.StaffId(), caseId), Context.ConnectionAborted);
        }
        catch (Exception refused) when (refused is NotFoundException or NotAllowedException)
        {
            throw new HubException(refused.Message);
        }
    }

    private CaseViewer Present(Guid caseId) =>
        Viewing().TryGetValue(caseId, out var viewer) ? viewer : throw new HubException("Open the case first (ViewCase).");

    // Hub methods of one connection run one at a time, so the connection's own dictionary needs no lock.
    private Dictionary<Guid, CaseViewer> Viewing()
    {
        if (Context.Items.TryGetValue(ViewingKey, out var found) && found is Dictionary<Guid, CaseViewer> viewing)
        {
            return viewing;
        }

        viewing = [];
        Context.Items[ViewingKey] = viewing;
        return viewing;
    }
}
