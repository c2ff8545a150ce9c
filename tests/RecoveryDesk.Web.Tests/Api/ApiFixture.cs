using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>A case brought into some state over HTTP, with the ids the next request needs.</summary>
public sealed record StagedCase(Guid Id, int Version, Guid? HandoffId = null, Guid? PromiseId = null);

/// <summary>
/// The states a test can ask for. Ava owns every claimed case; "Offered" means Ava has offered it to
/// Ben (or, for <see cref="OfferedToBilling"/>, to the Billing team) and nobody has answered yet.
/// </summary>
public enum Stage
{
    New,
    Owned,
    Offered,
    OfferedToBilling,
    Waiting,
    WaitingOffered,
    Promised,
    PromisedOffered,
    Resolved,
}

/// <summary>A running desk with one signed-in client per person, cached, and one that has not signed in.</summary>
public sealed class SignedInDesk : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    private SignedInDesk(DeskApp app)
    {
        App = app;
        Anonymous = app.CreateClient();
    }

    public DeskApp App { get; }

    public HttpClient Anonymous { get; }

    public static async Task<SignedInDesk> StartAsync() =>
        // NORMAL only changes how hard SQLite flushes to disk; the tests never pull the plug.
        new(await new DeskApp(settings: new Dictionary<string, string> { ["Database:SqliteSynchronous"] = "NORMAL" }).StartAsync());

    public async Task<HttpClient> As(string key)
    {
        if (!_clients.TryGetValue(key, out var client))
        {
            client = await App.ClientFor(key);
            _clients[key] = client;
        }

        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
        Anonymous.Dispose();
        App.Dispose();
    }
}

/// <summary>
/// The desk the fixtures of this folder share: every test works on fresh cases, unique subjects and
/// new colleagues, so they do not disturb each other, and the host starts (and the staff sign in) once.
/// </summary>
[SetUpFixture]
public sealed class SharedDesk
{
    private static readonly Lock Gate = new();
    private static Task<SignedInDesk>? _starting;

    public static Task<SignedInDesk> GetAsync()
    {
        lock (Gate)
        {
            return _starting ??= SignedInDesk.StartAsync();
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_starting is { } starting)
        {
            _starting = null;
            (await starting).Dispose();
        }
    }
}

/// <summary>
/// Base of the HTTP fixtures: the shared desk (or one of the fixture's own, for tests that change who
/// may sign in), clients per person, and the steps that stage a case over HTTP.
/// </summary>
public abstract class ApiFixture
{
    public const string Owner = "ava";

    private SignedInDesk? _desk;

    protected DeskApp App => Desk.App;

    /// <summary>True for a fixture that deactivates or locks the seeded staff, and so needs a desk of its own.</summary>
    protected virtual bool NeedsOwnDesk => false;

    private SignedInDesk Desk => _desk ?? throw new InvalidOperationException("The desk starts in OneTimeSetUp.");

    [OneTimeSetUp]
    public async Task StartDeskAsync() =>
        _desk = NeedsOwnDesk ? await SignedInDesk.StartAsync() : await SharedDesk.GetAsync();

    [OneTimeTearDown]
    public void StopDesk()
    {
        if (NeedsOwnDesk)
        {
            _desk?.Dispose();
        }

        _desk = null;
    }

    /// <summary>A client signed in as the given person.</summary>
    protected Task<HttpClient> As(string key) => Desk.As(key);

    /// <summary>A client that has not signed in.</summary>
    protected HttpClient Anonymous() => Desk.Anonymous;

    /// <summary>A new case with a unique subject in the given team, opened by the owner-to-be.</summary>
    protected async Task<StagedCase> OpenAsync(string team = "Front Line", string? subject = null, string priority = "P2")
    {
        var created = await App.OpenCaseAsync(await As(Owner), team, subject ?? UniqueSubject(), priority);
        return new StagedCase(created.GetProperty("id").GetGuid(), created.GetProperty("version").GetInt32());
    }

    protected async Task<StagedCase> StageAsync(Stage stage)
    {
        var opened = await OpenAsync();
        if (stage == Stage.New)
        {
            return opened;
        }

        var owned = await StepAsync(Owner, opened, "claim");
        return stage switch
        {
            Stage.Owned => owned,
            Stage.Offered => await OfferToBenAsync(owned),
            Stage.OfferedToBilling => await StepAsync(Owner, owned, "handoffs", new { toTeamId = App.TeamIds["Billing"], note = "Refund question; Billing knows best." }),
            Stage.Waiting => await StepAsync(Owner, owned, "wait-on-customer"),
            Stage.WaitingOffered => await OfferToBenAsync(await StepAsync(Owner, owned, "wait-on-customer")),
            Stage.Promised => await PromiseAsync(owned),
            Stage.PromisedOffered => await OfferToBenAsync(await PromiseAsync(owned)),
            Stage.Resolved => await StepAsync(Owner, owned, "resolve", new { summary = "Replaced the vase and refunded the postage." }),
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
        };
    }

    /// <summary>One successful write on the case by the given person; the staged case carries the new version and any new id.</summary>
    protected async Task<StagedCase> StepAsync(string who, StagedCase @case, string action, object? body = null)
    {
        var client = await As(who);
        using var response = await client.PostAsync($"/api/cases/{@case.Id}/{action}", body is null ? null : JsonContent.Create(body));
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"Staging step {action} by {who} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var written = await response.Content.ReadFromJsonAsync<JsonElement>();
        return @case with
        {
            Version = written.GetProperty("version").GetInt32(),
            HandoffId = written.TryGetProperty("handoffId", out var handoff) ? handoff.GetGuid() : @case.HandoffId,
            PromiseId = written.TryGetProperty("promiseId", out var promise) ? promise.GetGuid() : @case.PromiseId,
        };
    }

    /// <summary>The case as a supervisor reads it: the whole body, to compare before and after.</summary>
    protected async Task<string> CaseTextAsync(Guid id)
    {
        using var response = await (await As("sam")).GetAsync($"/api/cases/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), "reading the case back");
        return await response.Content.ReadAsStringAsync();
    }

    protected async Task<JsonElement> CaseAsync(Guid id) => JsonSerializer.Deserialize<JsonElement>(await CaseTextAsync(id));

    protected async Task<JsonElement> TimelineAsync(Guid id) =>
        await (await As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline");

    protected static string UniqueSubject(string what = "Parcel arrived damaged") => $"{what} {Guid.NewGuid():N}";

    private Task<StagedCase> OfferToBenAsync(StagedCase owned) =>
        StepAsync(Owner, owned, "handoffs", new { toAgentId = App.StaffIds["ben"], note = "Told her a new vase ships Monday; the refund is not done yet." });

    private Task<StagedCase> PromiseAsync(StagedCase owned) =>
        StepAsync(Owner, owned, "promises", new { text = "I will call you back tomorrow.", dueAt = App.Clock.GetUtcNow().AddDays(1) });
}
