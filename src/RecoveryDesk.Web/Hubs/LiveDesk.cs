using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Web.Cluster;

namespace RecoveryDesk.Web.Hubs;

/// <summary>Pushes outbox messages to the hubs' groups.</summary>
internal sealed class SignalRLiveDesk(
    IHubContext<DeskHub, IDeskClient> desk,
    IHubContext<StatusHub, IStatusClient> status,
    DeskConnections connections,
    IOtherInstances otherInstances) : ILiveDesk
{
    /// <summary>
    /// A supervisor is also in their teams' groups: each group is sent to without the connections the
    /// groups before it already reached, so a console gets a message once. (With a backplane,
    /// connections on other instances may still get it twice; clients drop it by version.)
    /// </summary>
    public async Task SendToDeskAsync(IReadOnlyList<string> groups, DeskMessage message, CancellationToken cancellationToken)
    {
        var reached = new List<string>();
        foreach (var group in groups)
        {
            await desk.Clients.GroupExcept(group, reached).CaseEvent(message);
            reached.AddRange(connections.ConnectionsIn(group));
        }
    }

    public Task SendToStatusPageAsync(IReadOnlyList<string> groups, StatusMessage message, CancellationToken cancellationToken) =>
        status.Clients.Groups(groups).CaseEvent(message);

    public Task SendMailUpdateAsync(IReadOnlyList<string> groups, Application.Mail.MailUpdate update, CancellationToken cancellationToken) =>
        desk.Clients.Groups(groups).MailEvent(update);

    public Task SendAvailabilityAsync(IReadOnlyList<string> groups, Application.Assignment.AvailabilityView availability, CancellationToken cancellationToken) =>
        desk.Clients.Groups(groups).StaffEvent(availability);

    /// <summary>Here first, then on the other instances of the desk, returning once all have.</summary>
    public async Task RegroupAsync(Guid staffId, CancellationToken cancellationToken)
    {
        await connections.RegroupAsync(staffId, cancellationToken);
        await otherInstances.RegroupAsync(staffId, cancellationToken);
    }
}

internal static class LiveRegistration
{
    /// <summary>The two hubs (through Redis when several instances serve the desk), the outbox dispatcher that feeds them, and bearer tokens for WebSockets.</summary>
    public static IServiceCollection AddRecoveryDeskLive(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddRecoveryDeskCluster(signalR, configuration);
        services.AddSingleton<DeskConnections>();
        services.AddOutboxDispatcher<SignalRLiveDesk>(configuration);

        // A browser cannot set headers on a WebSocket, so the hubs also take the token from ?access_token=.
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, bearer =>
        {
            var earlier = bearer.Events.OnMessageReceived;
            bearer.Events.OnMessageReceived = async context =>
            {
                await earlier(context);
                if (context.Token is null
                    && context.Request.Path.StartsWithSegments("/hubs")
                    && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                {
                    context.Token = token;
                }
            };
        });
        return services;
    }
}
