using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Hubs;

/// <summary>
/// A real SignalR client (Microsoft.AspNetCore.SignalR.Client) over WebSockets to the test server,
/// signed in the way a browser is — bearer token in ?access_token=, or the sign-in cookie — and
/// keeping every message it is sent, so a test can wait for one or check that one never came.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Inbox _events = new();
    private readonly Inbox _presence = new();
    private readonly Inbox _staff = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("CaseEvent", _events.Receive);
        connection.On<JsonElement>("Presence", _presence.Receive);
        connection.On<JsonElement>("StaffEvent", _staff.Receive);
        connection.On("Ready", () => _ready.TrySetResult());
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Completes when the server ends the connection.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public IReadOnlyList<JsonElement> Received => _events.All;

    /// <summary>Presence messages (who has a case open, who writes a reply), in the order they came.</summary>
    public IReadOnlyList<JsonElement> PresenceReceived => _presence.All;

    /// <summary>/hubs/desk as the given person, with a bearer token.</summary>
    public static async Task<LiveClient> DeskAsync(DeskApp app, string key)
    {
        var token = await app.TokenFor(key);
        return await StartDeskAsync(Build(app, "/hubs/desk", () => Task.FromResult<string?>(token), cookie: null));
    }

    /// <summary>/hubs/desk with the sign-in cookie the web pages use.</summary>
    public static async Task<LiveClient> DeskWithCookieAsync(DeskApp app, string cookie) =>
        await StartDeskAsync(Build(app, "/hubs/desk", accessToken: null, cookie));

    /// <summary>/hubs/status, as a customer: no sign-in.</summary>
    public static async Task<LiveClient> StatusAsync(DeskApp app) =>
        await StartAsync(Build(app, "/hubs/status", accessToken: null, cookie: null));

    /// <summary>A connection that is built but not started, e.g. to see it refused.</summary>
    public static HubConnection Unstarted(DeskApp app, string path) => Build(app, path, accessToken: null, cookie: null);

    public Task<JsonElement> WaitForAsync(Guid caseId, string eventName) =>
        WaitForAsync(m => CaseIdOf(m) == caseId && EventOf(m) == eventName, $"{eventName} for case {caseId}");

    /// <summary>Status-page messages name the case by its reference only.</summary>
    public Task<JsonElement> WaitForAsync(string reference, string eventName) =>
        WaitForAsync(m => ReferenceOf(m) == reference && EventOf(m) == eventName, $"{eventName} for {reference}");

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what)
    {
        try
        {
            return await _events.WaitForAsync(match);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No {what} within {Patience.TotalSeconds} s. Received: {string.Join(", ", Received.Select(m => $"{EventOf(m)} {CaseIdOf(m)?.ToString() ?? ReferenceOf(m)}"))}");
            throw;
        }
    }

    /// <summary>Waits for a presence message about <paramref name="caseId"/> from <paramref name="staffId"/> doing <paramref name="activity"/>, received after the <paramref name="after"/> first ones.</summary>
    public async Task<JsonElement> WaitForPresenceAsync(Guid caseId, Guid staffId, string activity, int after = 0)
    {
        var index = 0;
        try
        {
            return await _presence.WaitForAsync(m => index++ >= after
                && CaseIdOf(m) == caseId && m.GetProperty("staffId").GetGuid() == staffId && m.GetProperty("activity").GetString() == activity);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No {activity} from {staffId} on {caseId} within {Patience.TotalSeconds} s. Received: {string.Join(", ", PresenceReceived.Select(m => $"{m.GetProperty("name")} {m.GetProperty("activity")}"))}");
            throw;
        }
    }

    /// <summary>Availability changes (StaffEvent), in the order they came.</summary>
    public IReadOnlyList<JsonElement> StaffReceived => _staff.All;

    public async Task<JsonElement> WaitForAvailabilityAsync(Guid staffId, string state)
    {
        try
        {
            return await _staff.WaitForAsync(m => m.GetProperty("staffId").GetGuid() == staffId && m.GetProperty("state").GetString() == state);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No StaffEvent {state} for {staffId} within {Patience.TotalSeconds} s.");
            throw;
        }
    }

    public IReadOnlyList<JsonElement> ReceivedFor(Guid caseId) => [.. Received.Where(m => CaseIdOf(m) == caseId)];

    public IReadOnlyList<string> EventsFor(Guid caseId) => [.. ReceivedFor(caseId).Select(EventOf)];

    public IReadOnlyList<string> EventsFor(string reference) => [.. Received.Where(m => ReferenceOf(m) == reference).Select(EventOf)];

    public static Guid? CaseIdOf(JsonElement message) => message.TryGetProperty("caseId", out var id) ? id.GetGuid() : null;

    public static string? ReferenceOf(JsonElement message) => message.TryGetProperty("reference", out var reference) ? reference.GetString() : null;

    public static string EventOf(JsonElement message) => message.GetProperty("event").GetString()!;

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static async Task<LiveClient> StartAsync(HubConnection connection)
    {
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>The desk hub counts as connected once it says Ready (its groups are set), or once it closed the connection.</summary>
    private static async Task<LiveClient> StartDeskAsync(HubConnection connection)
    {
        var client = await StartAsync(connection);
        await Task.WhenAny(client._ready.Task, client._closed.Task).WaitAsync(Patience);
        return client;
    }

    private static HubConnection Build(DeskApp app, string path, Func<Task<string?>>? accessToken, string? cookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                // Negotiation goes through the test server's handler, the WebSocket through its WebSocket client.
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                options.AccessTokenProvider = accessToken;
                if (cookie is not null)
                {
                    options.Headers["Cookie"] = cookie;
                }

                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var uri = context.Uri;
                    if (context.Options.AccessTokenProvider is { } provider && await provider() is { Length: > 0 } token)
                    {
                        // As a browser does: a WebSocket cannot carry an Authorization header.
                        var query = uri.Query.TrimStart('?');
                        uri = new UriBuilder(uri) { Query = $"{query}{(query.Length > 0 ? "&" : string.Empty)}access_token={Uri.EscapeDataString(token)}" }.Uri;
                    }

                    var webSockets = app.Server.CreateWebSocketClient();
                    if (cookie is not null)
                    {
                        webSockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    }

                    return await webSockets.ConnectAsync(uri, cancellationToken);
                };
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();

    /// <summary>The messages of one client method, and the tests waiting for one.</summary>
    private sealed class Inbox
    {
        private readonly Lock _lock = new();
        private readonly List<JsonElement> _received = [];
        private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Found)> _waiting = [];

        public IReadOnlyList<JsonElement> All
        {
            get
            {
                lock (_lock)
                {
                    return [.. _received];
                }
            }
        }

        public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
        {
            lock (_lock)
            {
                var already = _received.FirstOrDefault(match);
                if (already.ValueKind != JsonValueKind.Undefined)
                {
                    return Task.FromResult(already);
                }

                var waiter = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add((match, waiter));
                return waiter.Task.WaitAsync(Patience);
            }
        }

        public void Receive(JsonElement message)
        {
            message = message.Clone();
            lock (_lock)
            {
                _received.Add(message);
                foreach (var waiter in _waiting.Where(w => w.Match(message)).ToList())
                {
                    _waiting.Remove(waiter);
                    waiter.Found.TrySetResult(message);
                }
            }
        }
    }
}
