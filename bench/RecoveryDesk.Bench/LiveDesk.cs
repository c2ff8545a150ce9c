using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryDesk.Bench;

/// <summary>
/// The database and colleagues shared by the phases that drive a running service: one SQLite file, staff
/// and teams created through the admin API, the running service, restarted when a phase needs another
/// synchronous mode, and the consoles colleagues open on /hubs/desk.
/// </summary>
internal sealed class LiveDesk : IAsyncDisposable
{
    private readonly BenchSettings _settings;
    private readonly Workspace _work;
    private int _starts;
    private string _mailKey = "";

    private LiveDesk(BenchSettings settings, Workspace work)
    {
        _settings = settings;
        _work = work;
        DatabasePath = work.File("live.db");
    }

    public string DatabasePath { get; }

    public DeskService? Service { get; private set; }

    public DeskApi? Api { get; private set; }

    public string Synchronous { get; private set; } = "";

    public string AdminToken { get; private set; } = "";

    public Guid CycleTeam { get; private set; }

    /// <summary>The cycle's agents: one more than the most concurrent agents, so each has a colleague to hand off to.</summary>
    public List<Person> CycleAgents { get; } = [];

    public List<Guid> PushTeams { get; } = [];

    /// <summary>Per push team, its agents.</summary>
    public List<List<Person>> PushAgents { get; } = [];

    public List<Person> Supervisors { get; } = [];

    /// <summary>The assignment phase's teams: for each team size, one for offered assignment and one for queue-and-claim.</summary>
    public List<AssignTeam> AssignTeams { get; } = [];

    public static async Task<LiveDesk> CreateAsync(BenchSettings settings, Workspace work, BenchReport report, CancellationToken ct)
    {
        var desk = new LiveDesk(settings, work);
        var first = settings.Phases.Contains("cycle") && settings.CycleSyncModes.Count > 0 ? settings.CycleSyncModes[0] : settings.PushSync;
        await desk.UseAsync(first, ct);
        var api = desk.Api!;
        var setup = System.Diagnostics.Stopwatch.StartNew();
        desk.AdminToken = await api.LoginAsync(DeskService.AdminEmail, DeskService.Password, ct);

        var people = new List<(string Email, string Name, string[] Roles, Guid[] Teams, Action<Person> Keep)>();
        if (settings.Phases.Contains("cycle") || settings.Phases.Contains("soak") || settings.Phases.Contains("mail") || settings.Phases.Contains("inbound"))
        {
            desk.CycleTeam = await api.CreateTeamAsync(desk.AdminToken, "Cycle", ct);
            for (var i = 0; i <= Math.Max(settings.AgentCounts.Max(), settings.SoakAgents); i++)
            {
                people.Add(($"cycle-{i:D3}@bench.test", $"Cycle Agent{i:D3}", ["Agent"], [desk.CycleTeam], desk.CycleAgents.Add));
            }
        }

        if (settings.Phases.Contains("push"))
        {
            for (var t = 0; t < settings.PushTeams; t++)
            {
                var team = await api.CreateTeamAsync(desk.AdminToken, $"Push {t:D3}", ct);
                desk.PushTeams.Add(team);
                var members = new List<Person>();
                desk.PushAgents.Add(members);
                for (var a = 0; a < settings.PushAgentsPerTeam; a++)
                {
                    people.Add(($"push-{t:D3}-{a:D2}@bench.test", $"Push Agent{t:D3}x{a:D2}", ["Agent"], [team], members.Add));
                }
            }

            for (var s = 0; s < settings.SupervisorConsoles; s++)
            {
                people.Add(($"supervisor-{s:D2}@bench.test", $"Bench Supervisor{s:D2}", ["Supervisor"], [], desk.Supervisors.Add));
            }
        }

        if (settings.Phases.Contains("assign"))
        {
            foreach (var size in settings.AssignAgentCounts)
            {
                foreach (var mode in AssignPhase.Modes)
                {
                    var team = new AssignTeam(size, mode, await api.CreateTeamAsync(desk.AdminToken, $"Assign {mode} x{size}", ct), []);
                    desk.AssignTeams.Add(team);
                    for (var a = 0; a < size; a++)
                    {
                        people.Add(($"assign-{mode.ToLowerInvariant()}-{size:D3}-{a:D3}@bench.test", $"Assign {mode} Agent{size:D3}x{a:D3}", ["Agent"], [team.Id], team.Agents.Add));
                    }
                }
            }
        }

        // Two at a time: each sign-up and sign-in hashes a password, which is CPU-bound on this machine.
        var created = new Person?[people.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, people.Count), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (i, token) =>
        {
            var (email, name, roles, teams, _) = people[i];
            await api.CreateStaffAsync(desk.AdminToken, email, name, roles, teams, token);
            created[i] = await api.SignInAsync(email, token);
        });
        for (var i = 0; i < people.Count; i++)
        {
            people[i].Keep(created[i]!);
        }

        report.Json["liveDesk"] = new JsonObject
        {
            ["staffCreatedAndSignedIn"] = people.Count,
            ["setupSeconds"] = Math.Round(setup.Elapsed.TotalSeconds, 1),
        };
        Console.WriteLine($"  live desk: {people.Count} colleagues created and signed in through the admin API in {setup.Elapsed.TotalSeconds:0.0} s");
        return desk;
    }

    /// <summary>Makes sure the service runs with the given synchronous mode, restarting it on the same database if needed.</summary>
    /// <param name="mail">Mail settings for this start (Mail__Smtp__Host, ...); without them mail goes to .eml files in the work folder.</param>
    public async Task UseAsync(string synchronous, CancellationToken ct, IReadOnlyDictionary<string, string>? mail = null)
    {
        var settings = new Dictionary<string, string> { ["Mail__PickupFolder"] = _work.File("mail"), ["Mail__InboundFolder"] = _work.File("inbox") };
        foreach (var (key, value) in mail ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var mailKey = string.Join(";", settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        if (Service is not null && Synchronous == synchronous && _mailKey == mailKey)
        {
            return;
        }

        await StopAsync();
        _starts++;
        Service = await DeskService.StartAsync(_settings, DatabasePath, synchronous, _work.File("live-service.log"), $"live #{_starts} ({synchronous})", ct, settings);
        _mailKey = mailKey;
        Api = new DeskApi(Service.BaseAddress);
        Synchronous = synchronous;
        Console.WriteLine($"  service started (synchronous={synchronous}, pid {Service.ProcessId}) and ready in {Service.StartToReady.TotalSeconds:0.0} s");
        if (CycleAgents.Count + Supervisors.Count + AssignTeams.Count > 0)
        {
            await RefreshTokensIfNeededAsync(ct);
        }
    }

    /// <summary>A staff console on /hubs/desk over WebSockets with <paramref name="token"/>, not started yet; every CaseEvent goes to <paramref name="onCaseEvent"/>, every StaffEvent (availability) to <paramref name="onStaffEvent"/>.</summary>
    public HubConnection ConsoleFor(string token, Action<JsonElement> onCaseEvent, Action<JsonElement>? onStaffEvent = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Api!.BaseAddress, "/hubs/desk"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        connection.On("CaseEvent", onCaseEvent);
        if (onStaffEvent is not null)
        {
            connection.On("StaffEvent", onStaffEvent);
        }

        return connection;
    }

    public async Task StopAsync()
    {
        Api?.Dispose();
        Api = null;
        if (Service is not null)
        {
            await Service.DisposeAsync();
            Service = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Tokens survive a restart when the data-protection keys do; if not, everyone signs in again.</summary>
    private async Task RefreshTokensIfNeededAsync(CancellationToken ct)
    {
        var probe = CycleAgents.Concat(Supervisors).Concat(AssignTeams.SelectMany(t => t.Agents)).First();
        try
        {
            await Api!.SendAsync(HttpMethod.Get, "/api/me", probe.Token, body: null, HttpStatusCode.OK, ct);
            return;
        }
        catch (DeskCallException)
        {
            Console.WriteLine("  tokens did not survive the restart; signing everyone in again");
        }

        var api = Api!;
        AdminToken = await api.LoginAsync(DeskService.AdminEmail, DeskService.Password, ct);
        async Task Again(List<Person> people)
        {
            for (var i = 0; i < people.Count; i++)
            {
                people[i] = people[i] with { Token = await api.LoginAsync(people[i].Email, DeskService.Password, ct) };
            }
        }

        await Again(CycleAgents);
        await Again(Supervisors);
        foreach (var team in PushAgents)
        {
            await Again(team);
        }

        foreach (var team in AssignTeams)
        {
            await Again(team.Agents);
        }
    }
}
