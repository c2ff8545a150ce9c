using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace RecoveryDesk.Bench;

/// <summary>
/// Issue 8, part 3: live push. Agent consoles (each of the push teams' agents has several open, like
/// browser tabs) and supervisor consoles connect to /hubs/desk over WebSockets with their bearer token.
/// Agents then write internal notes on their own cases at a fixed rate; each note is one committed
/// command and one pushed message, which goes to the case's team, its owner and the supervisors.
/// Latency per delivery: receive time minus the "at" the message carries (the event's time, taken by
/// the service just before the commit), and receive time minus the moment the client sent the command.
/// </summary>
internal static class PushPhase
{
    private const int CasesPerAgent = 4;
    private const int MaxInFlight = 256;

    public static async Task RunAsync(BenchSettings settings, LiveDesk desk, BenchReport report, CancellationToken ct)
    {
        await desk.UseAsync(settings.PushSync, ct);
        var api = desk.Api!;
        var consolesPerAgent = settings.ConsolesPerPushAgent;
        var deliveries = new ConcurrentQueue<Delivery>();
        var connections = new List<HubConnection>();
        var consolesPerTeam = settings.PushAgentsPerTeam * consolesPerAgent;
        var connectFailures = 0;
        try
        {
            // Consoles: every agent of every push team opens consolesPerAgent; each supervisor one.
            var consoles = desk.PushAgents.SelectMany(team => team.SelectMany(agent => Enumerable.Repeat(agent, consolesPerAgent)))
                .Concat(desk.Supervisors)
                .ToList();
            var connectWatch = Stopwatch.StartNew();
            var built = consoles.Select((person, i) => Connect(desk, person.Token, i, deliveries)).ToList();
            connections.AddRange(built);
            await Parallel.ForEachAsync(built, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (connection, token) =>
            {
                try
                {
                    await connection.StartAsync(token);
                }
                catch (Exception error) when (error is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException or TimeoutException)
                {
                    if (Interlocked.Increment(ref connectFailures) <= 3)
                    {
                        report.Error("push", $"console could not connect: {error.Message}");
                    }
                }
            });
            var connected = connections.Count(c => c.State == HubConnectionState.Connected);
            Console.WriteLine($"  push: {connected} consoles connected over WebSockets in {connectWatch.Elapsed.TotalSeconds:0.0} s");

            // Each agent owns a few cases in their team's queue.
            var cases = new List<(Guid Id, Person Owner, int Team)>();
            for (var t = 0; t < desk.PushTeams.Count; t++)
            {
                foreach (var agent in desk.PushAgents[t])
                {
                    for (var c = 0; c < CasesPerAgent; c++)
                    {
                        var (id, _) = await api.OpenCaseAsync(agent, desk.PushTeams[t], "P3", cases.Count, ct);
                        await api.SendAsync(HttpMethod.Post, $"/api/cases/{id}/claim", agent.Token, null, HttpStatusCode.OK, ct);
                        cases.Add((id, agent, t));
                    }
                }
            }

            // Interleave teams, so consecutive notes go to different audiences.
            cases = [.. cases.Select((c, i) => (c, i)).OrderBy(x => x.i % CasesPerAgent).ThenBy(x => x.c.Team).Select(x => x.c)];
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            deliveries.Clear();

            var sends = new ConcurrentDictionary<(Guid CaseId, int Version), Sent>();
            var rate = settings.PushRate;
            var warmupSeconds = settings.PushWarmup.TotalSeconds;
            var windowSeconds = settings.PushDuration.TotalSeconds;
            var total = (int)((warmupSeconds + windowSeconds) * rate);
            var inFlight = 0;
            var skipped = 0;
            var failed = 0;
            var tasks = new List<Task>(total);
            var cpu = CpuUse.Start(desk.Service!);
            var started = Stopwatch.GetTimestamp();
            for (var k = 0; k < total && !ct.IsCancellationRequested; k++)
            {
                var due = k / (double)rate;
                await OpenLoop.WaitForTurnAsync(started, TimeSpan.FromSeconds(due), ct);

                if (Volatile.Read(ref inFlight) >= MaxInFlight)
                {
                    skipped++;
                    continue;
                }

                var inWindow = due >= warmupSeconds;
                var (caseId, owner, team) = cases[k % cases.Count];
                Interlocked.Increment(ref inFlight);
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        var sentAt = DateTimeOffset.UtcNow.UtcTicks;
                        var body = await api.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/notes", owner.Token, new { text = "Called the courier; collection booked for tomorrow morning." }, HttpStatusCode.OK, ct);
                        var answeredAt = DateTimeOffset.UtcNow.UtcTicks;
                        sends[(caseId, body.GetProperty("version").GetInt32())] = new Sent(sentAt, answeredAt, inWindow, team);
                    }
                    catch (DeskCallException error)
                    {
                        if (Interlocked.Increment(ref failed) <= 3)
                        {
                            report.Error("push", error.Message);
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }, ct));
            }

            await Task.WhenAll(tasks);
            var sendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (serviceCpu, benchCpu) = cpu.Cores();

            // Wait for the last pushes (bounded).
            var measured = sends.Where(s => s.Value.InWindow).ToDictionary(s => s.Key, s => s.Value);
            var expected = measured.Count * (consolesPerTeam + desk.Supervisors.Count);
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < TimeSpan.FromSeconds(10) && CountFor(deliveries, measured) < expected)
            {
                await Task.Delay(100, ct);
            }

            var fromCommit = new Samples();
            var fromSend = new Samples();
            var received = 0;
            foreach (var delivery in deliveries)
            {
                if (delivery.Event == "NoteAdded" && measured.TryGetValue((delivery.CaseId, delivery.Version), out var sent))
                {
                    received++;
                    fromCommit.Add(TimeSpan.FromTicks(delivery.ReceivedTicks - delivery.AtTicks).TotalMilliseconds);
                    fromSend.Add(TimeSpan.FromTicks(delivery.ReceivedTicks - sent.SentTicks).TotalMilliseconds);
                }
            }

            var achieved = measured.Count / windowSeconds;
            var commitStats = fromCommit.Summarise();
            var sendStats = fromSend.Summarise();
            var memory = desk.Service!.Memory();
            report.Json["push"] = new JsonObject
            {
                ["synchronous"] = settings.PushSync,
                ["consoles"] = consoles.Count,
                ["consolesConnected"] = connected,
                ["agentConsolesPerTeam"] = consolesPerTeam,
                ["supervisorConsoles"] = desk.Supervisors.Count,
                ["targetMessagesPerSecond"] = rate,
                ["achievedMessagesPerSecond"] = Stats.Round(achieved),
                ["deliveriesPerSecond"] = Stats.Round(received / windowSeconds),
                ["expectedDeliveries"] = expected,
                ["receivedDeliveries"] = received,
                ["skippedSends"] = skipped,
                ["failedSends"] = failed,
                ["sendSeconds"] = Stats.Round(sendSeconds),
                ["serviceCpuCores"] = Stats.Round(serviceCpu),
                ["benchCpuCores"] = Stats.Round(benchCpu),
                ["fromCommit"] = commitStats.ToJson(),
                ["fromClientSend"] = sendStats.ToJson(),
                ["serviceResidentMb"] = Math.Round(memory.Resident / 1048576d),
            };
            report.Section(
                $"3. Live push: {connected} consoles on /hubs/desk over WebSockets ({consolesPerTeam} agent consoles per team x {desk.PushTeams.Count} teams + {desk.Supervisors.Count} supervisors), notes at {rate}/s, Database:SqliteSynchronous={settings.PushSync}",
                [
                    ["measure", "msgs/s", "deliveries/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "deliveries", "expected"],
                    ["receive - message 'at' (server, just before commit)", BenchReport.Number(achieved), BenchReport.Number(received / windowSeconds), BenchReport.Ms(commitStats.P50), BenchReport.Ms(commitStats.P95), BenchReport.Ms(commitStats.P99), BenchReport.Ms(commitStats.Max), received.ToString(CultureInfo.InvariantCulture), expected.ToString(CultureInfo.InvariantCulture)],
                    ["receive - client sent the command", "", "", BenchReport.Ms(sendStats.P50), BenchReport.Ms(sendStats.P95), BenchReport.Ms(sendStats.P99), BenchReport.Ms(sendStats.Max), "", ""],
                ]);
            Console.WriteLine($"  push: {achieved:0.0} msgs/s achieved, {received}/{expected} deliveries, p99 {commitStats.P99:0.0} ms from commit, {skipped} sends skipped (more than {MaxInFlight} in flight); CPU service {serviceCpu:0.00} cores, harness {benchCpu:0.00} cores");
            if (received < expected)
            {
                report.Note($"push: {expected - received} of {expected} expected deliveries did not arrive within 10 s after the last command.");
            }

            report.Target("Push p99 at 500 msgs/s to 1,000 consoles", "<= 100 ms", commitStats.P99, "ms",
                settings.Smoke ? null : commitStats.P99 <= 100 && achieved >= 0.95 * rate && received == expected);
        }
        finally
        {
            await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
        }
    }

    private static int CountFor(ConcurrentQueue<Delivery> deliveries, Dictionary<(Guid, int), Sent> measured) =>
        deliveries.Count(d => d.Event == "NoteAdded" && measured.ContainsKey((d.CaseId, d.Version)));

    private static HubConnection Connect(LiveDesk desk, string token, int console, ConcurrentQueue<Delivery> deliveries) =>
        desk.ConsoleFor(token, message =>
        {
            var received = DateTimeOffset.UtcNow.UtcTicks;
            deliveries.Enqueue(new Delivery(
                console,
                message.GetProperty("caseId").GetGuid(),
                message.GetProperty("version").GetInt32(),
                message.GetProperty("event").GetString() ?? "",
                message.GetProperty("at").GetDateTimeOffset().UtcTicks,
                received));
        });

    private readonly record struct Sent(long SentTicks, long AnsweredTicks, bool InWindow, int Team);

    private readonly record struct Delivery(int Console, Guid CaseId, int Version, string Event, long AtTicks, long ReceivedTicks);
}
