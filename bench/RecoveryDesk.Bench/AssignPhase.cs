using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace RecoveryDesk.Bench;

/// <summary>One team of the assignment phase: its size, how its new cases find an owner (Offered or Queue), and its agents.</summary>
internal sealed record AssignTeam(int Size, string Mode, Guid Id, List<Person> Agents);

/// <summary>One run of the assignment phase. "Heard" runs from the case's arrival to the first console hearing of it (the offer, or the new case in the queue); "owned" to the 200 that made someone its owner.</summary>
/// <param name="Conflicts">Claims that lost to a colleague's (409).</param>
/// <param name="Skipped">Claims not sent because the console had already heard the case taken, as a console drops the row.</param>
/// <param name="LeftInQueue">The team's cases still New (no owner) when the run ended.</param>
internal sealed record AssignResult(AssignTeam Team, Stats Heard, Stats Owned, int LeftInQueue, int Conflicts, int Skipped, int Errors, double ServiceCpu, double BenchCpu)
{
    public string[] Row() =>
    [
        Team.Size.ToString(CultureInfo.InvariantCulture), Team.Mode == AssignPhase.Offered ? "offered, accept" : "queue, claim",
        Owned.Count.ToString(CultureInfo.InvariantCulture), BenchReport.Ms(Heard.P50), BenchReport.Ms(Heard.P99),
        BenchReport.Ms(Owned.P50), BenchReport.Ms(Owned.P95), BenchReport.Ms(Owned.P99), BenchReport.Ms(Owned.Max),
        LeftInQueue.ToString(CultureInfo.InvariantCulture), Conflicts.ToString(CultureInfo.InvariantCulture),
        Skipped.ToString(CultureInfo.InvariantCulture), Errors.ToString(CultureInfo.InvariantCulture), $"{ServiceCpu:0.00}/{BenchCpu:0.00}",
    ];

    public JsonObject ToJson() => new()
    {
        ["heard"] = Heard.ToJson(),
        ["owned"] = Owned.ToJson(),
        ["leftInQueue"] = LeftInQueue,
        ["conflicts"] = Conflicts,
        ["skippedClaims"] = Skipped,
        ["errors"] = Errors,
        ["serviceCpuCores"] = Stats.Round(ServiceCpu),
        ["benchCpuCores"] = Stats.Round(BenchCpu),
    };
}

/// <summary>
/// Issue 17: how long a new case waits for an owner with offered assignment, against queue-and-claim, at
/// each team size. Per run a fresh team, each agent with a console on /hubs/desk, and cases arriving at
/// a steady rate, opened by the admin. Offered: the agent a HandoffOffered is addressed to waits a fixed
/// think time and accepts. Queue: every agent hears CaseOpened, waits the same think time and claims
/// unless it has heard the case claimed meanwhile; the first claim wins, the others get 409. Arrival is
/// the open request's answer; owned is the accept's or the winning claim's 200. Only cases opened after
/// the warm-up cases count.
/// </summary>
internal static class AssignPhase
{
    public const string Offered = "Offered";
    public const string Queue = "Queue";
    public const string Synchronous = "NORMAL";

    /// <summary>Normal cases: a P3 counts 2 against a member's capacity.</summary>
    private const string Priority = "P3";

    /// <summary>The most a queue read returns; a run leaving more than this many behind reports this many.</summary>
    private const int GetQueueLimit = 500;

    public static readonly string[] Modes = [Offered, Queue];

    /// <summary>How long after the last arrival the run waits for owners before it counts what is left.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(BenchSettings settings, LiveDesk desk, BenchReport report, CancellationToken ct)
    {
        await desk.UseAsync(Synchronous, ct);
        var opener = await desk.Api!.SignInAsync(DeskService.AdminEmail, ct);
        var rows = BenchReport.Table("agents", "path", "cases", "heard p50 ms", "heard p99 ms", "owned p50 ms", "p95 ms", "p99 ms", "max ms", "left in queue", "409s", "skipped", "errors", "cpu service/bench");
        var json = new JsonObject();
        foreach (var team in desk.AssignTeams)
        {
            var result = await RunTeamAsync(settings, desk, team, opener, report, ct);
            rows.Add(result.Row());
            var bySize = json[team.Size.ToString(CultureInfo.InvariantCulture)] as JsonObject ?? [];
            bySize[team.Mode.ToLowerInvariant()] = result.ToJson();
            json[team.Size.ToString(CultureInfo.InvariantCulture)] = bySize;
            Console.WriteLine($"  assign {team.Mode} x{team.Size}: owned p50 {result.Owned.P50:0.0} ms, p99 {result.Owned.P99:0.0} ms over {result.Owned.Count} cases; {result.LeftInQueue} left in the queue, {result.Conflicts} claims lost, {result.Errors} errors");
            if (result.LeftInQueue > 0)
            {
                report.Note($"assign {team.Mode} x{team.Size}: {result.LeftInQueue} cases were still in the queue {Drain.TotalSeconds:0} s after the last arrival.");
            }
        }

        report.Section(
            $"9. Offered assignment against queue-and-claim: a case every {settings.AssignInterval.TotalMilliseconds:0} ms, {settings.AssignCases} measured after {settings.AssignWarmupCases} per run, agents take {settings.AssignThinkTime.TotalMilliseconds:0} ms to accept or claim, capacity {settings.AssignCapacity} ({Priority} counts 2), Database:SqliteSynchronous={Synchronous}; ms from the open request's answer",
            rows);
        report.Json["assign"] = new JsonObject
        {
            ["synchronous"] = Synchronous,
            ["intervalMs"] = settings.AssignInterval.TotalMilliseconds,
            ["thinkMs"] = settings.AssignThinkTime.TotalMilliseconds,
            ["cases"] = settings.AssignCases,
            ["warmupCases"] = settings.AssignWarmupCases,
            ["capacity"] = settings.AssignCapacity,
            ["priority"] = Priority,
            ["byAgents"] = json,
        };
    }

    private static async Task<AssignResult> RunTeamAsync(BenchSettings settings, LiveDesk desk, AssignTeam team, Person opener, BenchReport report, CancellationToken ct)
    {
        var api = desk.Api!;
        var offered = team.Mode == Offered;
        var phase = $"assign {team.Mode} x{team.Size}";
        await api.SendAsync(HttpMethod.Put, $"/api/teams/{team.Id}/assignment", desk.AdminToken, new { mode = team.Mode, capacity = settings.AssignCapacity }, HttpStatusCode.OK, ct);

        // Stopwatch timestamps per case id, from whichever task sees the moment first.
        var arrived = new ConcurrentDictionary<Guid, long>();
        var heard = new ConcurrentDictionary<Guid, long>();
        var owned = new ConcurrentDictionary<Guid, long>();
        var claimed = new ConcurrentDictionary<Guid, bool>();
        var answers = new ConcurrentQueue<Task>();
        int conflicts = 0, skipped = 0, errors = 0;

        void Fail(string message)
        {
            if (Interlocked.Increment(ref errors) <= 3)
            {
                report.Error(phase, message);
            }
        }

        async Task TakeAsync(Person agent, Guid caseId, string path)
        {
            await Task.Delay(settings.AssignThinkTime, ct);
            if (claimed.ContainsKey(caseId))
            {
                Interlocked.Increment(ref skipped);
                return;
            }

            try
            {
                await api.SendAsync(HttpMethod.Post, path, agent.Token, null, HttpStatusCode.OK, ct);
                owned.TryAdd(caseId, Stopwatch.GetTimestamp());
            }
            catch (DeskCallException error) when (!offered && error.Status == HttpStatusCode.Conflict)
            {
                Interlocked.Increment(ref conflicts);
            }
            catch (DeskCallException error)
            {
                Fail(error.Message);
            }
        }

        var grouped = new ConcurrentDictionary<Guid, bool>();
        HubConnection ConsoleOf(Person agent) => desk.ConsoleFor(agent.Token, message =>
        {
            var at = Stopwatch.GetTimestamp();
            var caseId = message.GetProperty("caseId").GetGuid();
            var name = message.GetProperty("event").GetString();
            if (offered && name == "HandoffOffered" && message.GetProperty("handoff") is { ValueKind: JsonValueKind.Object } handoff
                && handoff.GetProperty("kind").GetString() == Queue && handoff.GetProperty("toAgentId").GetGuid() == agent.Id)
            {
                heard.TryAdd(caseId, at);
                answers.Enqueue(TakeAsync(agent, caseId, $"/api/cases/{caseId}/handoffs/{handoff.GetProperty("id").GetGuid()}/accept"));
            }
            else if (!offered && name == "CaseOpened")
            {
                heard.TryAdd(caseId, at);
                answers.Enqueue(TakeAsync(agent, caseId, $"/api/cases/{caseId}/claim"));
            }
            else if (!offered && name == "CaseClaimed")
            {
                claimed.TryAdd(caseId, true);
            }
        }, staff =>
        {
            if (staff.GetProperty("staffId").GetGuid() == agent.Id)
            {
                grouped.TryAdd(agent.Id, true);
            }
        });

        var consoles = team.Agents.Select(ConsoleOf).ToList();
        try
        {
            await Task.WhenAll(consoles.Select(c => c.StartAsync(ct)));
            await WaitUntilGroupedAsync(api, team, grouped, ct);
            var measured = new ConcurrentBag<Guid>();
            var opens = new List<Task>();
            var cpu = CpuUse.Start(desk.Service!);
            var started = Stopwatch.GetTimestamp();
            for (var k = 0; k < settings.AssignWarmupCases + settings.AssignCases && !ct.IsCancellationRequested; k++)
            {
                await OpenLoop.WaitForTurnAsync(started, k * settings.AssignInterval, ct);
                var n = k;
                opens.Add(Task.Run(async () =>
                {
                    try
                    {
                        var (id, _) = await api.OpenCaseAsync(opener, team.Id, Priority, n, ct);
                        arrived[id] = Stopwatch.GetTimestamp();
                        if (n >= settings.AssignWarmupCases)
                        {
                            measured.Add(id);
                        }
                    }
                    catch (DeskCallException error)
                    {
                        Fail(error.Message);
                    }
                }, ct));
            }

            await Task.WhenAll(opens);
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < Drain && !measured.All(owned.ContainsKey))
            {
                await Task.Delay(50, ct);
            }

            await Task.WhenAll(answers);
            var (serviceCpu, benchCpu) = cpu.Cores();
            var queue = await api.SendAsync(HttpMethod.Get, $"/api/queue?limit={GetQueueLimit}", team.Agents[0].Token, null, HttpStatusCode.OK, ct);
            return new AssignResult(team, Since(arrived, heard, measured), Since(arrived, owned, measured), queue.GetArrayLength(), conflicts, skipped, errors, serviceCpu, benchCpu);
        }
        finally
        {
            await Task.WhenAll(consoles.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// A console is told it is connected before the server has put it in its groups, and one not in them yet
    /// misses what is sent to it: an offer it never hears waits for its acknowledgement time. So each agent
    /// says again that they are available (which the desk tells their team and themselves), until every
    /// console has heard its own agent's.
    /// </summary>
    private static async Task WaitUntilGroupedAsync(DeskApi api, AssignTeam team, ConcurrentDictionary<Guid, bool> grouped, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (team.Agents.Any(a => !grouped.ContainsKey(a.Id)))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{team.Agents.Count(a => !grouped.ContainsKey(a.Id))} consoles of {team.Mode} x{team.Size} heard nothing for 60 s.");
            }

            foreach (var agent in team.Agents.Where(a => !grouped.ContainsKey(a.Id)))
            {
                await api.SendAsync(HttpMethod.Put, "/api/me/availability", agent.Token, new { state = "Available" }, HttpStatusCode.OK, ct);
            }

            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(1) && team.Agents.Any(a => !grouped.ContainsKey(a.Id)))
            {
                await Task.Delay(20, ct);
            }
        }
    }

    /// <summary>Milliseconds from each measured case's arrival to a later moment of the same case, for the cases that reached it.</summary>
    private static Stats Since(ConcurrentDictionary<Guid, long> arrived, ConcurrentDictionary<Guid, long> then, IEnumerable<Guid> cases)
    {
        var samples = new Samples();
        foreach (var id in cases)
        {
            if (arrived.TryGetValue(id, out var from) && then.TryGetValue(id, out var to))
            {
                samples.Add(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds);
            }
        }

        return samples.Summarise();
    }
}
