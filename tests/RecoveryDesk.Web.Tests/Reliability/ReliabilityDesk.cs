using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>A case as the reliability tests stage it: owned by Ava, with a promise and, optionally, an offer to Ben pending.</summary>
public sealed record FuzzCase(Guid Id, string Reference, string AccessCode, int Version, Guid? HandoffId, Guid? PromiseId);

/// <summary>
/// A desk of the Reliability fixture's own (its writes and limits must not disturb other folders),
/// with the customer limits raised so only the abuse tests meet them, and one client per person.
/// </summary>
public sealed class ReliabilityDesk : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    private ReliabilityDesk(DeskApp app) => App = app;

    public DeskApp App { get; }

    public static async Task<ReliabilityDesk> StartAsync(IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Database:SqliteSynchronous"] = "NORMAL",
            ["RateLimits:CustomerPerAddressPerMinute"] = "1000000",
            ["RateLimits:CustomerPerReferencePerMinute"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return new ReliabilityDesk(await new DeskApp(settings: all).StartAsync());
    }

    public async Task<HttpClient> As(string key)
    {
        if (!_clients.TryGetValue(key, out var client))
        {
            client = await App.ClientFor(key);
            _clients[key] = client;
        }

        return client;
    }

    /// <summary>After that client logged out (which ends every session of that person): the next <see cref="As"/> signs in again.</summary>
    public void SignedOut(HttpClient client)
    {
        foreach (var key in _clients.Where(c => ReferenceEquals(c.Value, client)).Select(c => c.Key).ToList())
        {
            _clients.Remove(key);
        }
    }

    /// <summary>Opens a case as Ava and, as far as asked, claims it, makes a promise and offers it to Ben.</summary>
    public async Task<FuzzCase> StageAsync(bool claim = true, bool promise = true, bool offer = true, string team = "Front Line")
    {
        var ava = await As("ava");
        var created = await App.OpenCaseAsync(ava, team, $"Reliability {Guid.NewGuid():N}");
        var staged = new FuzzCase(
            created.GetProperty("id").GetGuid(), created.GetProperty("reference").GetString()!, created.GetProperty("accessCode").GetString()!,
            created.GetProperty("version").GetInt32(), null, null);
        if (!claim)
        {
            return staged;
        }

        staged = staged with { Version = (await PostAsync(ava, $"/api/cases/{staged.Id}/claim", null)).GetProperty("version").GetInt32() };
        if (promise)
        {
            var made = await PostAsync(ava, $"/api/cases/{staged.Id}/promises", new { text = "I will call you tomorrow.", dueAt = App.Clock.GetUtcNow().AddDays(1) });
            staged = staged with { Version = made.GetProperty("version").GetInt32(), PromiseId = made.GetProperty("promiseId").GetGuid() };
        }

        if (offer)
        {
            var offered = await PostAsync(ava, $"/api/cases/{staged.Id}/handoffs", new { toAgentId = App.StaffIds["ben"], note = "She was told Monday." });
            staged = staged with { Version = offered.GetProperty("version").GetInt32(), HandoffId = offered.GetProperty("handoffId").GetGuid() };
        }

        return staged;
    }

    /// <summary>The case's version as a supervisor reads it.</summary>
    public async Task<int> VersionAsync(Guid caseId)
    {
        var sam = await As("sam");
        using var response = await sam.GetAsync($"/api/cases/{caseId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"reading case {caseId}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("version").GetInt32();
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body)
    {
        using var response = await client.PostAsync(path, body is null ? null : JsonContent.Create(body, options: DeskApp.Json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
        App.Dispose();
    }
}
