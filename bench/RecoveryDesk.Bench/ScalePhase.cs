using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryDesk.Bench;

/// <summary>
/// Issue 8, parts 2 and 4, on one big database: reads with 100,000 open and 1,000,000 cases in all,
/// re-arming the timers of every open case on start, resident memory, and the firing lag of 1,000
/// deadlines due in the same second. Teams, colleagues and one template case per priority are made
/// through the admin and case APIs; the bulk of the cases is then written into the file directly
/// while the service is stopped (see <see cref="BulkSeeder"/>); everything measured goes through
/// HTTP, the hub and the service's own log.
/// </summary>
internal static class ScalePhase
{
    public static async Task RunAsync(BenchSettings settings, Workspace work, BenchReport report, CancellationToken ct)
    {
        var database = work.File("scale.db");
        var log = work.File("scale-service.log");
        var teams = new List<Guid>();
        var agents = new List<IReadOnlyList<SeedAgent>>();
        var templates = new Dictionary<string, Guid>(StringComparer.Ordinal);
        Guid lagTeam;
        string readerEmail = "scale-000-00@bench.test", supervisorEmail = "scale-supervisor@bench.test";

        // 1. Colleagues, teams and template cases through the API.
        await using (var setup = await DeskService.StartAsync(settings, database, "FULL", log, "scale setup", ct))
        {
            using var api = new DeskApi(setup.BaseAddress);
            var admin = await api.LoginAsync(DeskService.AdminEmail, DeskService.Password, ct);
            for (var t = 0; t < settings.ScaleTeams; t++)
            {
                var team = await api.CreateTeamAsync(admin, $"Scale {t:D3}", ct);
                teams.Add(team);
                var members = new List<SeedAgent>();
                for (var a = 0; a < 2; a++)
                {
                    var name = $"Scale Agent{t:D3}x{a:D2}";
                    members.Add(new SeedAgent(await api.CreateStaffAsync(admin, $"scale-{t:D3}-{a:D2}@bench.test", name, ["Agent"], [team], ct), name));
                }

                agents.Add(members);
            }

            lagTeam = await api.CreateTeamAsync(admin, "Timer lag", ct);
            await api.CreateStaffAsync(admin, supervisorEmail, "Scale Supervisor", ["Supervisor"], [.. teams, lagTeam], ct);
            var reader = await api.SignInAsync(readerEmail, ct);
            foreach (var priority in new[] { "P1", "P2", "P3", "P4" })
            {
                templates[priority] = (await api.OpenCaseAsync(reader, teams[0], priority, 0, ct)).Id;
            }
        }

        // 2. The bulk, straight into the file.
        Console.WriteLine($"  scale: seeding {settings.TotalCases:N0} cases ({settings.OpenCases:N0} open) into the database file directly...");
        var seeder = BulkSeeder.FromTemplates(database, templates);
        var seeded = seeder.Seed(database, teams, agents, settings.TotalCases, settings.OpenCases, DateTimeOffset.UtcNow);
        var size = new FileInfo(database).Length;
        Console.WriteLine($"  scale: seeded {seeded.Total:N0} cases, {seeded.TimelineEntries:N0} timeline entries, {seeded.Total * 3:N0} clocks in {seeded.Elapsed.TotalSeconds:0.0} s; file {size / 1048576d:0} MB");
        report.Note($"Reads and timers: {seeded.Total:N0} cases were written into the SQLite file directly (copies of cases the service opened through the API), because opening them through HTTP would take hours; all measurements go through HTTP, the hub and the service's log.");
        report.Json["scaleSeed"] = new JsonObject
        {
            ["cases"] = seeded.Total + templates.Count,
            ["open"] = seeded.OpenTotal + templates.Count,
            ["new"] = seeded.New + templates.Count,
            ["openOwned"] = seeded.Open,
            ["openWarned"] = seeded.OpenWarned,
            ["openBreached"] = seeded.OpenBreached,
            ["waitingOnCustomer"] = seeded.Waiting,
            ["resolved"] = seeded.Resolved,
            ["closed"] = seeded.Closed,
            ["timelineEntries"] = seeded.TimelineEntries,
            ["seedSeconds"] = Math.Round(seeded.Elapsed.TotalSeconds, 1),
            ["databaseMb"] = Math.Round(size / 1048576d),
        };

        // 3. Start on the big database: re-arm time and memory, then the reads.
        var reads = new JsonObject();
        var timers = new JsonObject();
        TimeSpan firstStart;
        await using (var service = await DeskService.StartAsync(settings, database, "FULL", log, "scale #1", ct))
        {
            firstStart = service.StartToReady;
            var rearm = await RearmAsync(service, report, ct);
            await Task.Delay(TimeSpan.FromSeconds(settings.Smoke ? 0.2 : 2), ct);
            var afterStart = service.Memory();
            Console.WriteLine($"  scale: service ready in {service.StartToReady.TotalSeconds:0.0} s; {Describe(rearm)}; resident {BenchReport.Megabytes(afterStart.Resident)} MB");

            using var api = new DeskApi(service.BaseAddress);
            var reader = await api.SignInAsync(readerEmail, ct);
            var supervisor = await api.SignInAsync(supervisorEmail, ct);
            var rows = BenchReport.Table("read", "request", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes", "count");
            report.Note($"Reads: each endpoint is called one request at a time, {settings.Reads} times or for {ReadBudget.TotalSeconds:0} s, whichever comes first (at least 20).");
            var endpoints = new (string Name, string Path, Person Who)[]
            {
                ("queue", "/api/queue", reader),
                ("list", $"/api/cases?status=Open&teamId={teams[0]}&page=3&pageSize=25", reader),
                // The console's views: each sort over the 90,000 New and Open cases of every team, the
                // reader's teams' cases in hand by next due, and a deep page of all 1,000,000.
                ("list open by last activity", "/api/cases?view=open&sort=lastActivity&pageSize=25", reader),
                ("list open by oldest", "/api/cases?view=open&sort=oldest&pageSize=25", reader),
                ("list open by next due", "/api/cases?view=open&sort=nextDue&pageSize=25", reader),
                ("list open by priority", "/api/cases?view=open&sort=priority&pageSize=25", reader),
                ("list my teams by next due", "/api/cases?view=myTeams&sort=nextDue&pageSize=25", reader),
                ("list open P1 breached", "/api/cases?view=open&priority=P1&sla=breached&pageSize=25", reader),
                ("list all, page 40", "/api/cases?view=all&page=40&pageSize=25", reader),
                ("board", "/api/board", supervisor),
            };
            foreach (var (name, path, who) in endpoints)
            {
                var (stats, bytes) = await TimeReadsAsync(api, path, who.Token, settings, ct);
                var entry = stats.ToJson();
                entry["path"] = path;
                entry["bytes"] = bytes;
                reads[name] = entry;
                rows.Add([name, $"GET {path.Replace(teams[0].ToString(), "{team}", StringComparison.Ordinal)}", BenchReport.Ms(stats.P50), BenchReport.Ms(stats.P95), BenchReport.Ms(stats.P99), BenchReport.Ms(stats.Max), bytes.ToString(CultureInfo.InvariantCulture), stats.Count.ToString(CultureInfo.InvariantCulture)]);
                report.Target($"{name} read p99 with {seeded.OpenTotal:N0} open cases", "<= 20 ms", stats.P99, "ms", settings.Smoke ? null : stats.P99 <= 20);
                Console.WriteLine($"  read {name}: p50 {stats.P50:0.0} ms, p99 {stats.P99:0.0} ms, {bytes} bytes");
            }

            var afterReads = service.Memory();
            reads["residentMbAfterReads"] = Math.Round(afterReads.Resident / 1048576d);
            report.Section($"2. Reads at scale: {seeded.Total + templates.Count:N0} cases, {seeded.OpenTotal + templates.Count:N0} open, {settings.ScaleTeams} teams; one request at a time, {settings.Reads} measured after {settings.ReadWarmup} warm-up, Database:SqliteSynchronous=FULL", rows);

            timers["startToReadySeconds"] = Math.Round(service.StartToReady.TotalSeconds, 2);
            timers["rearmedTimers"] = rearm?.Timers;
            timers["rearmedCases"] = rearm?.Cases;
            timers["rearmMs"] = rearm?.Milliseconds;
            timers["residentMbAfterStart"] = Math.Round(afterStart.Resident / 1048576d);
            timers["residentMbAfterReads"] = Math.Round(afterReads.Resident / 1048576d);
            timers["peakResidentMb"] = Math.Round(afterReads.Peak / 1048576d);
            var resident = Math.Max(afterStart.Resident, afterReads.Resident) / 1048576d;
            report.Target($"resident memory with {seeded.OpenTotal:N0} open cases", "<= 500 MB", resident, "MB", settings.Smoke ? null : resident <= 500);
            report.Target($"re-arm {rearm?.Timers:N0} timers ({rearm?.Cases:N0} cases) on start", "<= 10 s", rearm?.Milliseconds / 1000d, "s", settings.Smoke || rearm is null ? null : rearm.Milliseconds <= 10_000);
        }

        // 4. Firing lag: deadlines due in the same second, on the same big database, on the real clock.
        var lagAgent = agents[0][0];
        // The second start re-arms as many timers as the first: give it that long again, and then some.
        var margin = firstStart + (settings.Smoke ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(Math.Max(20, firstStart.TotalSeconds / 2)));
        for (var attempt = 1; ; attempt++)
        {
            var dueFrom = DateTimeOffset.UtcNow + margin;
            dueFrom = new DateTimeOffset(dueFrom.Ticks - (dueFrom.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + TimeSpan.FromSeconds(1);
            var lagCases = seeder.AddLagCases(database, lagTeam, lagAgent, settings.LagCases, dueFrom, TimeSpan.FromSeconds(1), 1_000_000_000 + (attempt * 10_000_000));

            // A few deadlines shortly before: the first firing after a start also compiles the timer's
            // queries; a desk that has been up a while has paid that, so they are reported apart.
            var warmUpDue = dueFrom - TimeSpan.FromSeconds(settings.Smoke ? 2 : 3);
            var warmUpCases = seeder.AddLagCases(database, lagTeam, lagAgent, WarmUpDeadlines, warmUpDue, TimeSpan.FromMilliseconds(100), 1_100_000_000 + (attempt * 10_000_000));
            await using (var service = await DeskService.StartAsync(settings, database, "FULL", log, $"scale #{attempt + 1} (timer lag)", ct))
            {
                var rearm = await RearmAsync(service, report, ct);
                using var api = new DeskApi(service.BaseAddress);
                var supervisor = await api.SignInAsync(supervisorEmail, ct);
                var breaches = new ConcurrentDictionary<Guid, long>();
                await using var console = new HubConnectionBuilder()
                    .WithUrl(new Uri(service.BaseAddress, "/hubs/desk"), options =>
                    {
                        options.Transports = HttpTransportType.WebSockets;
                        options.SkipNegotiation = true;
                        options.AccessTokenProvider = () => Task.FromResult<string?>(supervisor.Token);
                    })
                    .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
                    .Build();
                console.On<JsonElement>("CaseEvent", message =>
                {
                    var received = DateTimeOffset.UtcNow.UtcTicks;
                    if (message.GetProperty("event").GetString() == "SlaBreached")
                    {
                        breaches.TryAdd(message.GetProperty("caseId").GetGuid(), received);
                    }
                });
                await console.StartAsync(ct);
                var readyAt = DateTimeOffset.UtcNow;
                var early = warmUpDue - readyAt;
                Console.WriteLine($"  timers: service ready with {Describe(rearm)}; {settings.LagCases} deadlines due from {dueFrom:HH:mm:ss} UTC, {early.TotalSeconds:0.0} s from now");
                var valid = early > TimeSpan.FromMilliseconds(500);
                if (!valid && attempt == 1)
                {
                    // Started slower than the first time (another process was busy?): take these deadlines
                    // out again, so they do not fire during the next start, and try once more further out.
                    report.Note($"Timers: the start with the lag deadlines took {service.StartToReady.TotalSeconds:0} s, more than the {margin.TotalSeconds:0} s allowed; they were seeded again further out.");
                    await service.StopAsync();
                    BulkSeeder.DeleteCases(database, [.. lagCases.Concat(warmUpCases).Select(c => c.Id)]);
                    margin = (service.StartToReady * 1.5) + TimeSpan.FromSeconds(20);
                    continue;
                }

                if (!valid)
                {
                        report.Error("timers", $"the service was ready only {early.TotalSeconds:0.0} s before the first deadlines were due; the firing lag below includes start-up.");
                }

                // Wait for every breach to be pushed, or until 60 s after the due second (bounded).
                var ids = lagCases.Concat(warmUpCases).Select(c => c.Id).ToHashSet();
                var giveUp = dueFrom + TimeSpan.FromSeconds(settings.Smoke ? 20 : 60);
                while (DateTimeOffset.UtcNow < giveUp && ids.Count(breaches.ContainsKey) < ids.Count)
                {
                    await Task.Delay(100, ct);
                }

                var (recorded, pushed) = await LagAsync(api, supervisor, lagCases, breaches, ct);
                var (warmUpRecorded, _) = await LagAsync(api, supervisor, warmUpCases, breaches, ct);
                var recordedCount = recorded.Count;
                var recordedStats = recorded.Summarise();
                var warmUpStats = warmUpRecorded.Summarise();
                var pushedStats = pushed.Summarise();
                var memory = service.Memory();
                timers["lagDeadlines"] = settings.LagCases;
                timers["lagBreachesRecorded"] = recordedCount;
                timers["lagBreachesPushed"] = pushed.Count;
                timers["lagRecorded"] = recordedStats.ToJson();
                timers["lagPushed"] = pushedStats.ToJson();
                timers["lagWarmUpRecorded"] = warmUpStats.ToJson();
                timers["secondStartRearmMs"] = rearm?.Milliseconds;
                timers["secondStartToReadySeconds"] = Math.Round(service.StartToReady.TotalSeconds, 2);
                timers["residentMbAfterLag"] = Math.Round(memory.Resident / 1048576d);
                if (recordedCount < settings.LagCases)
                {
                    report.Error("timers", $"only {recordedCount} of {settings.LagCases} deadlines had fired {(giveUp - dueFrom).TotalSeconds:0} s after they were due.");
                }

                report.Target($"firing lag p99, {settings.LagCases:N0} deadlines due in one second", "<= 1 s", recordedStats.P99 / 1000, "s", settings.Smoke || !valid ? null : recordedStats.P99 <= 1000 && recordedCount == settings.LagCases);
                var rearmFirst = timers["rearmMs"]?.GetValue<long>();
                report.Section(
                    $"4. Timers: {timers["rearmedTimers"]} deadlines of {timers["rearmedCases"]} open cases (Quartz in-memory store, re-armed from the database on start), Database:SqliteSynchronous=FULL",
                    [
                        ["measure", "value"],
                        ["start to /health/ready", $"{timers["startToReadySeconds"]} s"],
                        ["re-arm on start (service log)", rearmFirst is { } ms ? $"{ms} ms" : "no log line"],
                        ["resident memory after start", $"{timers["residentMbAfterStart"]} MB"],
                        ["resident memory after the reads", $"{timers["residentMbAfterReads"]} MB (peak {timers["peakResidentMb"]} MB)"],
                        [$"firing lag, breach recorded - due ({recordedCount}/{settings.LagCases} fired)", $"p50 {BenchReport.Ms(recordedStats.P50)} ms, p99 {BenchReport.Ms(recordedStats.P99)} ms, max {BenchReport.Ms(recordedStats.Max)} ms"],
                        [$"firing lag, breach pushed to a supervisor console - due ({pushed.Count} received)", $"p50 {BenchReport.Ms(pushedStats.P50)} ms, p99 {BenchReport.Ms(pushedStats.P99)} ms, max {BenchReport.Ms(pushedStats.Max)} ms"],
                        [$"first firings after the start ({warmUpStats.Count} deadlines 3 s earlier, not counted above)", $"p50 {BenchReport.Ms(warmUpStats.P50)} ms, max {BenchReport.Ms(warmUpStats.Max)} ms"],
                        ["second start (with the lag cases): re-arm", rearm is null ? "no log line" : $"{rearm.Milliseconds} ms, ready in {service.StartToReady.TotalSeconds:0.0} s"],
                    ]);
                Console.WriteLine($"  timers: lag p50 {recordedStats.P50:0} ms, p99 {recordedStats.P99:0} ms (recorded); pushed p99 {pushedStats.P99:0} ms");
            }

            break;
        }

        report.Json["reads"] = reads;
        report.Json["timers"] = timers;
    }

    private const int WarmUpDeadlines = 5;
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(30);

    /// <summary>Breach recorded minus due (from GET /api/cases/{id}), and breach pushed minus due (from the console).</summary>
    private static async Task<(Samples Recorded, Samples Pushed)> LagAsync(
        DeskApi api, Person supervisor, List<(Guid Id, DateTimeOffset Due)> cases, ConcurrentDictionary<Guid, long> breaches, CancellationToken ct)
    {
        var recorded = new Samples();
        var pushed = new Samples();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (lag, token) =>
        {
            var detail = await api.SendAsync(HttpMethod.Get, $"/api/cases/{lag.Id}", supervisor.Token, body: null, HttpStatusCode.OK, token);
            var own = detail.GetProperty("clocks").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "Own");
            if (own.TryGetProperty("breachedAt", out var breachedAt) && breachedAt.ValueKind == JsonValueKind.String)
            {
                var lagMs = (breachedAt.GetDateTimeOffset() - own.GetProperty("dueAt").GetDateTimeOffset()).TotalMilliseconds;
                lock (recorded)
                {
                    recorded.Add(lagMs);
                }
            }
        });
        foreach (var (id, due) in cases)
        {
            if (breaches.TryGetValue(id, out var receivedTicks))
            {
                pushed.Add(TimeSpan.FromTicks(receivedTicks - due.UtcTicks).TotalMilliseconds);
            }
        }

        return (recorded, pushed);
    }

    private static string Describe(RearmLine? rearm) =>
        rearm is null ? "no re-arm line in the log" : $"re-armed {rearm.Timers:N0} timers for {rearm.Cases:N0} open cases in {rearm.Milliseconds} ms";

    private static async Task<RearmLine?> RearmAsync(DeskService service, BenchReport report, CancellationToken ct)
    {
        try
        {
            return await service.Rearm.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        catch (TimeoutException)
        {
            report.Error("timers", $"the service ({service.Name}) logged no \"Re-armed N timers\" line within 60 s of being ready.");
            return null;
        }
    }

    private static async Task<(Stats Stats, int Bytes)> TimeReadsAsync(DeskApi api, string path, string token, BenchSettings settings, CancellationToken ct)
    {
        var bytes = 0;
        for (var i = 0; i < settings.ReadWarmup; i++)
        {
            bytes = await api.GetBytesAsync(path, token, ct);
        }

        // At most the number asked for, and at most 30 s of them (a slow read still gets 20 samples).
        var samples = new Samples();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < settings.Reads && (i < 20 || budget.Elapsed < ReadBudget); i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = await api.GetBytesAsync(path, token, ct);
            samples.Add(Samples.MillisecondsSince(started));
        }

        return (samples.Summarise(), bytes);
    }
}
