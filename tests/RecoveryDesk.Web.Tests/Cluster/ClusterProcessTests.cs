using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Web.Tests.Hubs;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Web.Tests.Reliability;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>
/// Three real service processes on one PostgreSQL database (Quartz's clustered store on it) and one
/// Redis, on loopback, as they run in production: a token from one works on the others, a console on
/// one hears what another wrote, claims spread over all three have one winner, and deadlines armed
/// before one instance is killed with SIGKILL still fall due once each, on the survivors. Time is
/// real here (separate processes share no fake clock): the deadlines are one minute away.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClusterProcessTests
{
    private const int Deadlines = 200;

    private readonly List<ServiceProcess> _services = [];
    private TestPostgres _database = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var redis = ClusterDesk.Redis();
        _folder = ServiceProcess.NewFolder("cluster");
        _database = await ClusterDesk.CreateDatabaseAsync();

        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__RecoveryDesk"] = _database.ConnectionString,
            ["Database__ApplyMigrationsOnStart"] = "true",
            ["Timers__Store"] = "Postgres",
            ["Timers__ClusterCheckin"] = "00:00:02",
            ["ConnectionStrings__Redis"] = redis,
            ["Redis__Prefix"] = $"desk-{Guid.NewGuid():N}",
            ["RateLimits__CustomerPerAddressPerMinute"] = "1000000",
            ["RateLimits__CustomerPerReferencePerMinute"] = "1000000",
            ["Mail__DispatchEnabled"] = "false",
        };
        // One after the other: the first migrates and seeds, the others find it done.
        for (var i = 0; i < 3; i++)
        {
            _services.Add(await ServiceProcess.StartAsync(ServiceProcess.BuiltBesideTests(), Path.Combine(_folder, "unused.db"), Path.Combine(_folder, $"instance-{i}.log"), settings));
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var service in _services)
        {
            service.Dispose();
        }

        await _database.DisposeAsync();
        ServiceProcess.RemoveFolder(_folder);
    }

    [Test, Order(1)]
    public async Task ATokenFromOneInstance_WorksOnTheOthers_AndAConsoleOnOneHearsACaseOpenedOnAnother()
    {
        var (team, agents) = await SetUpAsync("Token team");
        var token = await TokenAsync(_services[0], agents[0]);
        var statuses = new List<HttpStatusCode>();
        foreach (var service in _services)
        {
            using var client = Client(service, token);
            using var me = await client.GetAsync("/api/me");
            statuses.Add(me.StatusCode);
        }

        await using var console = await ConsoleAsync(_services[0], token);
        using var onB = Client(_services[1], await TokenAsync(_services[1], agents[1]));
        var opened = await CrashTests.PostOkAsync(onB, "/api/cases", NewCase(team, "Opened on B"));
        var heard = await console.WaitForAsync(m => m.GetProperty("caseId").GetGuid() == opened.GetProperty("id").GetGuid(), "the case opened on B, on A's console");

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(heard.GetProperty("event").GetString(), Is.EqualTo("CaseOpened"));
    }

    [Test, Order(2)]
    public async Task FiftyClaimsOverThreeInstances_HaveExactlyOneOwner()
    {
        var (team, agents) = await SetUpAsync("Race team", agentCount: 50);
        using var opener = Client(_services[0], await TokenAsync(_services[0], agents[0]));
        var caseId = (await CrashTests.PostOkAsync(opener, "/api/cases", NewCase(team, "Fifty hands"))).GetProperty("id").GetGuid();
        var clients = new List<HttpClient>();
        for (var i = 0; i < agents.Length; i++)
        {
            clients.Add(Client(_services[i % 3], await TokenAsync(_services[i % 3], agents[i])));
        }

        using var start = new ManualResetEventSlim();
        var claims = clients.Select(c => Task.Run(async () =>
        {
            start.Wait();
            using var response = await c.PostAsync($"/api/cases/{caseId}/claim", null);
            return response.StatusCode;
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);
        var @case = await opener.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");
        var claimed = (await opener.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/timeline")).EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "Claimed");
        clients.ForEach(c => c.Dispose());

        Assert.That(results.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), string.Join(", ", results));
        Assert.That(results.Where(s => s != HttpStatusCode.OK), Is.All.EqualTo(HttpStatusCode.Conflict));
        Assert.That(claimed, Is.EqualTo(1));
        Assert.That(@case.GetProperty("ownerId").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [Test, Order(3)]
    public async Task DeadlinesArmed_ThenAnInstanceKilled_EachBreachIsRecordedOnceAndPushed_ByTheOthers()
    {
        var (team, agents) = await SetUpAsync("Deadline team");
        using var admin = await CrashTests.SignInAsync(_services[0].BaseAddress, CrashTests.AdminEmail);
        using var policy = await admin.PutAsJsonAsync($"/api/sla-policies/{team}", OneMinuteToOwn());
        Assert.That(policy.IsSuccessStatusCode, Is.True, await policy.Content.ReadAsStringAsync());
        var watcherToken = await TokenAsync(_services[1], agents[1]);
        await using var console = await ConsoleAsync(_services[1], watcherToken);

        using var onA = Client(_services[0], await TokenAsync(_services[0], agents[0]));
        var cases = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Deadlines), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            cases.Add((await CrashTests.PostOkAsync(onA, "/api/cases", NewCase(team, $"Deadline {i}", "P1"))).GetProperty("id").GetGuid()));
        _services[0].Kill();

        var ids = cases.ToHashSet();
        await console.WaitForCountAsync(m => m.GetProperty("event").GetString() == "SlaBreached" && ids.Contains(m.GetProperty("caseId").GetGuid()), Deadlines, TimeSpan.FromMinutes(3), "every breach pushed");
        using var onC = Client(_services[2], await TokenAsync(_services[2], agents[2]));
        var breaches = new List<int>();
        foreach (var id in ids)
        {
            var timeline = await onC.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline");
            breaches.Add(timeline.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "SlaBreached"));
        }

        Assert.That(breaches, Has.Count.EqualTo(Deadlines));
        Assert.That(breaches, Is.All.EqualTo(1), "each breach recorded once");
        Assert.That(console.Count(m => m.GetProperty("event").GetString() == "SlaBreached" && ids.Contains(m.GetProperty("caseId").GetGuid())), Is.EqualTo(Deadlines), "and pushed once");
    }

    private static object NewCase(Guid teamId, string subject, string priority = "P3") => new
    {
        teamId,
        customer = new { name = "Cluster Customer", email = "cluster.customer@example.com" },
        subject,
        description = "Across instances.",
        channel = "Email",
        priority,
    };

    private static object OneMinuteToOwn() => new
    {
        targets = new[] { "P1", "P2", "P3", "P4" }.Select(p => new
        {
            priority = p,
            timeToOwnMinutes = 1,
            firstResponseMinutes = 600,
            resolutionMinutes = 6000,
            warningPercent = 99,
            handoffAcknowledgementMinutes = 30,
            escalation = new[] { new { afterBreachMinutes = 600, audience = "TeamSupervisors" } },
        }),
    };

    /// <summary>A team with its own agents, made through the first instance.</summary>
    private async Task<(Guid Team, string[] Agents)> SetUpAsync(string name, int agentCount = 3)
    {
        using var admin = await CrashTests.SignInAsync(_services[0].BaseAddress, CrashTests.AdminEmail);
        var team = (await CrashTests.PostOkAsync(admin, "/api/teams", new { name = $"{name} {Guid.NewGuid():N}" })).GetProperty("id").GetGuid();
        var agents = new List<string>();
        for (var i = 0; i < agentCount; i++)
        {
            var email = $"agent{i}-{Guid.NewGuid():N}@cluster.test";
            await CrashTests.PostOkAsync(admin, "/api/staff", new { email, displayName = $"Cluster Agent {i}", password = CrashTests.Password, roles = new[] { "Agent" }, teamIds = new[] { team } });
            agents.Add(email);
        }

        return (team, [.. agents]);
    }

    private static async Task<string> TokenAsync(ServiceProcess service, string email)
    {
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = CrashTests.Password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("accessToken").GetString()!;
    }

    private static HttpClient Client(ServiceProcess service, string token)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<ProcessConsole> ConsoleAsync(ServiceProcess service, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(service.BaseAddress, "/hubs/desk"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var console = new ProcessConsole(connection);
        await connection.StartAsync();
        return console;
    }

    /// <summary>A console on a real instance: every CaseEvent it hears, and waits on them.</summary>
    private sealed class ProcessConsole : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly List<JsonElement> _received = [];
        private readonly SemaphoreSlim _arrived = new(0);

        public ProcessConsole(HubConnection connection)
        {
            _connection = connection;
            connection.On<JsonElement>("CaseEvent", message =>
            {
                lock (_received)
                {
                    _received.Add(message);
                }

                _arrived.Release();
            });
        }

        public int Count(Func<JsonElement, bool> match)
        {
            lock (_received)
            {
                return _received.Count(match);
            }
        }

        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what)
        {
            await WaitForCountAsync(match, 1, LiveClient.Patience, what);
            lock (_received)
            {
                return _received.First(match);
            }
        }

        public async Task WaitForCountAsync(Func<JsonElement, bool> match, int count, TimeSpan patience, string what)
        {
            using var timeout = new CancellationTokenSource(patience);
            while (Count(match) < count)
            {
                try
                {
                    await _arrived.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"Waited {patience} for {what}: {Count(match)} of {count}.");
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _connection.DisposeAsync();
            _arrived.Dispose();
        }
    }
}
