using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Bench;

/// <summary>Steps per second and latency per step at one agent count.</summary>
/// <param name="ServiceCpu">CPU the service used over the run, in cores (2.0 = both cores of this machine busy).</param>
/// <param name="BenchCpu">CPU the harness itself used, in cores: it shares the machine with the service.</param>
internal sealed record CycleResult(string Synchronous, int Agents, double StepsPerSecond, double CyclesPerSecond, Dictionary<string, Stats> Steps, Stats All, int Errors, double ServiceCpu, double BenchCpu);

/// <summary>
/// Issue 8, part 1: the recovery cycle — create, claim, reply, offer a hand-off, accept, resolve — run
/// by N agents at once, each one case after another, as fast as the service answers. The hand-off goes
/// to the next agent, who accepts and resolves. Only steps that start after the warm-up and finish
/// within the measured window count.
/// </summary>
internal static class CyclePhase
{
    public static readonly string[] StepNames = ["create", "claim", "reply", "offer", "accept", "resolve"];

    public static async Task<List<CycleResult>> RunAsync(BenchSettings settings, LiveDesk desk, BenchReport report, CancellationToken ct)
    {
        var results = new List<CycleResult>();
        var json = new JsonObject();
        foreach (var mode in settings.CycleSyncModes)
        {
            await desk.UseAsync(mode, ct);

            // One untimed cycle first: a freshly started service compiles each step's code and queries once.
            await RunLevelAsync(settings, desk, mode, 1, report, ct, warmUp: true);
            // Then a while at the highest level, untimed: the rows are about a service in its steady
            // state, not about the just-in-time compiler's first minute.
            await RunLevelAsync(settings, desk, mode, settings.AgentCounts.Max(), report, ct, window: settings.ServiceWarmup);
            var rows = BenchReport.Table("agents", "step", "steps/s", "cycles/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "count", "errors", "cpu service/bench");
            var byAgents = new JsonObject();
            foreach (var agents in settings.AgentCounts)
            {
                var result = await RunLevelAsync(settings, desk, mode, agents, report, ct);
                results.Add(result);
                var entry = new JsonObject
                {
                    ["stepsPerSecond"] = Stats.Round(result.StepsPerSecond),
                    ["cyclesPerSecond"] = Stats.Round(result.CyclesPerSecond),
                    ["errors"] = result.Errors,
                    ["serviceCpuCores"] = Stats.Round(result.ServiceCpu),
                    ["benchCpuCores"] = Stats.Round(result.BenchCpu),
                    ["all"] = result.All.ToJson(),
                };
                foreach (var (step, stats) in result.Steps)
                {
                    entry[step] = stats.ToJson();
                }

                byAgents[agents.ToString(CultureInfo.InvariantCulture)] = entry;
                rows.Add([.. Row(agents.ToString(CultureInfo.InvariantCulture), "all steps", result.StepsPerSecond, result.CyclesPerSecond, result.All, result.Errors), $"{result.ServiceCpu:0.00}/{result.BenchCpu:0.00}"]);
                foreach (var (step, stats) in result.Steps)
                {
                    rows.Add(Row("", step, double.NaN, double.NaN, stats, null));
                }

                Console.WriteLine($"  cycle {mode} x{agents}: {result.StepsPerSecond:0.0} steps/s, p50 {result.All.P50:0.0} ms, p99 {result.All.P99:0.0} ms, {result.Errors} errors");
            }

            json[mode] = byAgents;
            report.Section($"1. Recovery cycle, Database:SqliteSynchronous={mode} (create, claim, reply, offer, accept, resolve over HTTP; {settings.CycleDuration.TotalSeconds:0} s measured per row after {settings.CycleWarmup.TotalSeconds:0} s warm-up)", rows);
        }

        report.Json["cycle"] = json;
        return results;
    }

    private static string[] Row(string agents, string step, double stepsPerSecond, double cyclesPerSecond, Stats stats, int? errors) =>
    [
        agents, step, BenchReport.Number(stepsPerSecond), BenchReport.Number(cyclesPerSecond, "0.00"),
        BenchReport.Ms(stats.P50), BenchReport.Ms(stats.P95), BenchReport.Ms(stats.P99), BenchReport.Ms(stats.Max),
        stats.Count.ToString(CultureInfo.InvariantCulture), errors?.ToString(CultureInfo.InvariantCulture) ?? "",
    ];

    internal static async Task<CycleResult> RunLevelAsync(BenchSettings settings, LiveDesk desk, string mode, int agents, BenchReport report, CancellationToken ct, bool warmUp = false, TimeSpan? window = null, bool customerEmail = true)
    {
        var measured = window ?? settings.CycleDuration;
        var api = desk.Api!;
        var people = desk.CycleAgents;
        var cpu = CpuUse.Start(desk.Service!);
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + Ticks(settings.CycleWarmup);
        var end = measureFrom + Ticks(measured);
        if (warmUp)
        {
            // Long enough for one cycle however slow the first one is; the worker stops after it.
            measureFrom = long.MaxValue;
            end = started + Ticks(TimeSpan.FromSeconds(60));
        }
        var perWorker = new Samples[agents][];
        var cycles = new int[agents];
        var errors = new int[agents];

        async Task Worker(int w)
        {
            var samples = perWorker[w] = [.. StepNames.Select(_ => new Samples())];
            var owner = people[w];
            var colleague = people[(w + 1) % people.Count];
            var n = 0;
            while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
            {
                n++;
                var caseId = Guid.Empty;
                var handoffId = Guid.Empty;
                var done = 0;

                // Each step: time it, count it if it ran inside the window; a failure abandons this case.
                async Task<bool> Step(int step, Func<Task<JsonElement>> call, Action<JsonElement>? read = null)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (t0 >= end)
                    {
                        return false;
                    }

                    try
                    {
                        var body = await call();
                        read?.Invoke(body);
                    }
                    catch (DeskCallException error)
                    {
                        if (Interlocked.Increment(ref errors[w]) <= 3)
                        {
                            report.Error($"cycle {mode} x{agents}", error.Message);
                        }

                        return false;
                    }

                    var t1 = Stopwatch.GetTimestamp();
                    if (t0 >= measureFrom && t1 <= end)
                    {
                        samples[step].Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                        done++;
                    }

                    return true;
                }

                var path = "";
                var ok = await Step(0, () => api.SendAsync(HttpMethod.Post, "/api/cases", owner.Token, new
                {
                    customer = new { name = $"Cycle Customer {w}-{n}", email = customerEmail ? $"cycle{w}x{n}@example.com" : null, phone = customerEmail ? null : "+44 20 7946 0000" },
                    subject = "Parcel arrived damaged",
                    description = "The box was crushed and the vase inside is broken.",
                    channel = "Phone",
                    priority = "P2",
                    teamId = desk.CycleTeam,
                }, HttpStatusCode.Created, ct), body =>
                {
                    caseId = body.GetProperty("id").GetGuid();
                    path = $"/api/cases/{caseId}";
                })
                    && await Step(1, () => api.SendAsync(HttpMethod.Post, $"{path}/claim", owner.Token, null, HttpStatusCode.OK, ct))
                    && await Step(2, () => api.SendAsync(HttpMethod.Post, $"{path}/replies", owner.Token, new { text = "I am sorry about this; I will sort it out for you personally." }, HttpStatusCode.OK, ct))
                    && await Step(3, () => api.SendAsync(HttpMethod.Post, $"{path}/handoffs", owner.Token, new { toAgentId = colleague.Id, note = "Customer told a replacement ships this week; refund of postage still to do." }, HttpStatusCode.Created, ct),
                        body => handoffId = body.GetProperty("handoffId").GetGuid())
                    && await Step(4, () => api.SendAsync(HttpMethod.Post, $"{path}/handoffs/{handoffId}/accept", colleague.Token, null, HttpStatusCode.OK, ct))
                    && await Step(5, () => api.SendAsync(HttpMethod.Post, $"{path}/resolve", colleague.Token, new { summary = "Replacement sent and postage refunded." }, HttpStatusCode.OK, ct));
                if (ok && done == StepNames.Length)
                {
                    cycles[w]++;
                }

                if (warmUp)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, agents).Select(w => Task.Run(() => Worker(w), ct)));
        var (serviceCpu, benchCpu) = cpu.Cores();
        var steps = new Dictionary<string, Stats>(StringComparer.Ordinal);
        for (var s = 0; s < StepNames.Length; s++)
        {
            steps[StepNames[s]] = Samples.Merge(perWorker.Select(p => p[s])).Summarise();
        }

        var all = Samples.Merge(perWorker.SelectMany(p => p)).Summarise();
        var seconds = measured.TotalSeconds;
        return new CycleResult(mode, agents, all.Count / seconds, cycles.Sum() / seconds, steps, all, errors.Sum(), serviceCpu, benchCpu);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
