using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryDesk.Browser.Tests.Support;

/// <summary>A case staged through the API for a browser test: its id, reference and the customer's access code.</summary>
public sealed record StagedCase(Guid Id, string Reference, string AccessCode)
{
    /// <summary>The customer's link, as the desk hands it out: the code rides in the fragment.</summary>
    public string StatusPath => $"/status/{Reference}#code={Uri.EscapeDataString(AccessCode)}";
}

/// <summary>Setting the scene through the HTTP API, so each browser test only clicks what it is about.</summary>
public sealed class Stage(BrowserDesk desk) : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>An API client signed in (bearer token) as the given person.</summary>
    public async Task<HttpClient> As(string key)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(key, out var client))
            {
                client = await desk.App.ClientFor(key);
                _clients[key] = client;
            }

            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<StagedCase> OpenCaseAsync(
        string subject,
        string team = "Front Line",
        string priority = "P2",
        string customerName = "Margaret Hill",
        string? preferredAddress = "Mrs Hill",
        string description = "The box was crushed and the vase inside is broken.")
    {
        var client = await As("sam");
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name = customerName, email = "m.hill@example.com", preferredAddress },
            subject,
            description,
            channel = "Phone",
            priority,
            teamId = desk.App.TeamIds[team],
        });
        await EnsureOk(response, "open a case");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new StagedCase(body.GetProperty("id").GetGuid(), body.GetProperty("reference").GetString()!, body.GetProperty("accessCode").GetString()!);
    }

    /// <summary>The case opened and claimed by the given agent.</summary>
    public async Task<StagedCase> OwnedCaseAsync(string owner, string subject, string priority = "P2", string customerName = "Margaret Hill")
    {
        var staged = await OpenCaseAsync(subject, priority: priority, customerName: customerName);
        await PostAsync(owner, $"/api/cases/{staged.Id}/claim");
        return staged;
    }

    /// <summary>A staff write, e.g. ("ava", $"/api/cases/{id}/claim").</summary>
    public async Task PostAsync(string key, string path, object? body = null)
    {
        var client = await As(key);
        var response = await client.PostAsJsonAsync(path, body ?? new { });
        await EnsureOk(response, $"POST {path} as {key}");
    }

    public async Task<JsonElement> GetAsync(string key, string path)
    {
        var client = await As(key);
        var response = await client.GetAsync(path);
        await EnsureOk(response, $"GET {path} as {key}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The customer's side, with the access code in its header.</summary>
    public async Task CustomerPostAsync(StagedCase staged, string action, object body)
    {
        using var client = desk.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/public/cases/{staged.Reference}/{action}")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("X-Access-Code", staged.AccessCode);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await EnsureOk(await client.SendAsync(request), $"send the customer's {action}");
    }

    /// <summary>A bare /hubs/desk connection as the given person (bearer token), for a console the test drives itself.</summary>
    public async Task<HubConnection> DeskConnectionAsync(string key)
    {
        var token = await desk.App.TokenFor(key);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(desk.App.ServerAddress, "/hubs/desk"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _gate.Dispose();
    }

    private static async Task EnsureOk(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
