using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Hubs;

/// <summary>
/// The staff connections open on this instance and the groups the server put each one in. Groups
/// come from the database — is the colleague active, in which teams, a supervisor? — when the
/// connection opens and again whenever a StaffChanged message says that changed, so a removed
/// membership stops the pushes at once and a deactivated colleague's consoles are disconnected.
/// </summary>
public sealed class DeskConnections(IServiceScopeFactory scopes, IHubContext<DeskHub, IDeskClient> hub, ILogger<DeskConnections> logger)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    // The database is read inside the gate, so whichever regroup runs last applied the newest state.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task OpenAsync(Guid staffId, HubCallerContext context, CancellationToken cancellationToken)
    {
        var connection = new Connection(staffId, context);
        _connections[context.ConnectionId] = connection;
        await RegroupAsync(connection, cancellationToken);
    }

    public void Close(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The staff connections open on this instance now.</summary>
    public int Count => _connections.Count;

    public async Task RegroupAsync(Guid staffId, CancellationToken cancellationToken)
    {
        // A desk has hundreds of connections, not millions: a scan is cheaper than keeping a second index right.
        foreach (var connection in _connections.Values.Where(c => c.StaffId == staffId).ToList())
        {
            await RegroupAsync(connection, cancellationToken);
        }
    }

    /// <summary>The connections on this instance that the server put in <paramref name="group"/>.</summary>
    public IReadOnlyList<string> ConnectionsIn(string group) =>
        [.. _connections.Values.Where(c => c.Groups.Contains(group)).Select(c => c.Context.ConnectionId)];

    public void Dispose() => _gate.Dispose();

    private async Task RegroupAsync(Connection connection, CancellationToken cancellationToken)
    {
        var connectionId = connection.Context.ConnectionId;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_connections.ContainsKey(connectionId))
            {
                return;
            }

            var wanted = await GroupsOfAsync(connection, cancellationToken);
            if (wanted is null)
            {
                logger.LogInformation("Closing live connection {ConnectionId}: colleague {StaffId} is not active or signed out.", connectionId, connection.StaffId);
                _connections.TryRemove(connectionId, out _);
                connection.Context.Abort();
                return;
            }

            foreach (var group in connection.Groups.Except(wanted))
            {
                await hub.Groups.RemoveFromGroupAsync(connectionId, group, cancellationToken);
            }

            foreach (var group in wanted.Except(connection.Groups))
            {
                await hub.Groups.AddToGroupAsync(connectionId, group, cancellationToken);
            }

            connection.Groups = wanted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The groups an active colleague belongs in; null when they may not be connected at all (also once the sign-in it opened with ended).</summary>
    private async Task<HashSet<string>?> GroupsOfAsync(Connection connection, CancellationToken cancellationToken)
    {
        var staffId = connection.StaffId;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        if (connection.Context.User is not { } user || !await StaffSessions.IsCurrentAsync(db, user, cancellationToken))
        {
            return null;
        }

        var actors = scope.ServiceProvider.GetRequiredService<StaffActors>();
        Domain.Staff.Actor actor;
        try
        {
            actor = await actors.LoadAsync(staffId, cancellationToken);
        }
        catch (NotAllowedException)
        {
            return null;
        }

        var groups = new HashSet<string>(StringComparer.Ordinal) { LiveGroups.Agent(staffId) };
        groups.UnionWith(actor.TeamIds.Select(LiveGroups.Team));
        if (actor.IsSupervisor)
        {
            groups.Add(LiveGroups.Supervisors);
            groups.UnionWith(actor.TeamIds.Select(LiveGroups.TeamSupervisors));
        }

        if (actor.IsAdmin)
        {
            groups.Add(LiveGroups.Admins);
        }

        return groups;
    }

    private sealed class Connection(Guid staffId, HubCallerContext context)
    {
        public Guid StaffId { get; } = staffId;

        public HubCallerContext Context { get; } = context;

        public HashSet<string> Groups { get; set; } = new(StringComparer.Ordinal);
    }
}
