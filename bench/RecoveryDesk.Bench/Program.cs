using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using RecoveryDesk.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchSettings.Usage);
    return 0;
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

var work = Workspace.Create(settings);
settings = settings.WithService(settings.ServiceDll ?? work.DefaultServiceDll());
if (!File.Exists(settings.ServiceDll))
{
    Console.Error.WriteLine($"No service build at {settings.ServiceDll}; run build/bench.sh (it builds Release first) or pass --service.");
    return 2;
}

var report = new BenchReport(settings);
var total = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(settings.TimeLimit);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// A run that overstays its time limit ends its services and itself, whatever it is waiting on.
using var watchdog = new Timer(_ =>
{
    Console.Error.WriteLine($"bench: time limit of {settings.TimeLimit.TotalSeconds:0} s reached; stopping.");
    KillServices();
    Environment.Exit(3);
}, null, settings.TimeLimit + TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

Console.WriteLine($"RecoveryDesk load harness, {(settings.Smoke ? "smoke" : "full")} mode; service {settings.ServiceDll}; work folder {work.Folder}");
var machine = report.Json["machine"]!;
Console.WriteLine($"machine: {machine["cores"]} cores, {machine["memory"]}, {machine["cpu"]}, {machine["dotnet"]}, load average {machine["loadAverageAtStart"]}");
if (BenchReport.LoadAverage() is { } loadAtStart && loadAtStart > 0.5 * Environment.ProcessorCount)
{
    report.Note($"The 1-minute load average was {loadAtStart:0.0} on {Environment.ProcessorCount} cores when the run started: other work was running and skews the figures.");
}

var fatal = false;
Dictionary<string, (double CommitsPerSecond, Stats Latency)>? raw = null;
List<CycleResult>? cycles = null;
try
{
    if (settings.Phases.Contains("raw"))
    {
        Console.WriteLine();
        Console.WriteLine("== 5. The limit: raw SQLite commits");
        raw = RawSqlitePhase.Run(settings, work, report);
    }

    if (settings.Phases.Contains("cycle") || settings.Phases.Contains("push") || settings.Phases.Contains("soak") || settings.Phases.Contains("mail") || settings.Phases.Contains("inbound") || settings.Phases.Contains("assign"))
    {
        Console.WriteLine();
        Console.WriteLine("== Live desk: colleagues through the admin API");
        await using var desk = await LiveDesk.CreateAsync(settings, work, report, stop.Token);
        if (settings.Phases.Contains("cycle"))
        {
            Console.WriteLine();
            Console.WriteLine("== 1. Recovery cycle");
            cycles = await CyclePhase.RunAsync(settings, desk, report, stop.Token);
        }

        if (settings.Phases.Contains("push"))
        {
            Console.WriteLine();
            Console.WriteLine("== 3. Live push");
            await PushPhase.RunAsync(settings, desk, report, stop.Token);
        }

        if (settings.Phases.Contains("soak"))
        {
            Console.WriteLine();
            Console.WriteLine("== 6. Soak (memory and handles under a steady load)");
            await SoakPhase.RunAsync(settings, desk, report, stop.Token);
        }

        if (settings.Phases.Contains("mail"))
        {
            Console.WriteLine();
            Console.WriteLine("== 7. Customer mail (a local SMTP sink)");
            await MailPhase.RunAsync(settings, desk, report, stop.Token);
        }

        if (settings.Phases.Contains("inbound"))
        {
            Console.WriteLine();
            Console.WriteLine("== 8. Customers' mail in (the inbound folder)");
            await InboundPhase.RunAsync(settings, desk, report, stop.Token);
        }

        if (settings.Phases.Contains("assign"))
        {
            Console.WriteLine();
            Console.WriteLine("== 9. Offered assignment against queue-and-claim");
            await AssignPhase.RunAsync(settings, desk, report, stop.Token);
        }
    }

    if (settings.Phases.Contains("scale"))
    {
        Console.WriteLine();
        Console.WriteLine("== 2 and 4. Reads at scale and timers");
        await ScalePhase.RunAsync(settings, work, report, stop.Token);
    }
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    fatal = true;
    report.Error("run", $"{error.GetType().Name}: {error.Message}");
    Console.Error.WriteLine(error);
}
finally
{
    KillServices();
}

CompareWithLimit(settings, report, raw, cycles);
if (BenchReport.LoadAverage() is { } loadAtEnd && loadAtEnd > 1.5 * Environment.ProcessorCount)
{
    report.Note($"The 1-minute load average was {loadAtEnd:0.0} on {Environment.ProcessorCount} cores when the run ended.");
}

report.Json["totalSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);
report.Json["workFolder"] = work.Folder;
report.PrintSummary();
Console.WriteLine($"Total time {total.Elapsed.TotalSeconds:0} s. Service logs and databases: {work.Folder}{(settings.Keep || fatal || report.ErrorCount > 0 ? "" : " (deleted)")}");
Console.WriteLine(report.FinalJson());
if (!settings.Keep && !fatal && report.ErrorCount == 0)
{
    work.Delete();
}

return fatal || report.ErrorCount > 0 ? 1 : 0;

static void KillServices()
{
    List<DeskService> running;
    lock (DeskService.Running)
    {
        running = [.. DeskService.Running];
    }

    foreach (var service in running)
    {
        service.Kill();
    }
}

// Part 5: commands per second as a fraction of what the disk and database alone can do.
static void CompareWithLimit(BenchSettings settings, BenchReport report, Dictionary<string, (double CommitsPerSecond, Stats Latency)>? raw, List<CycleResult>? cycles)
{
    if (cycles is null || cycles.Count == 0)
    {
        return;
    }

    var rows = BenchReport.Table("synchronous", "agents", "steps/s", "raw commits/s", "fraction", "step p99 ms");
    var json = new JsonObject();
    foreach (var result in cycles)
    {
        var limit = raw is not null && raw.TryGetValue(result.Synchronous, out var r) ? r.CommitsPerSecond : double.NaN;
        var fraction = result.StepsPerSecond / limit;
        rows.Add([result.Synchronous, result.Agents.ToString(CultureInfo.InvariantCulture), BenchReport.Number(result.StepsPerSecond), BenchReport.Number(limit), double.IsFinite(fraction) ? fraction.ToString("P0", CultureInfo.InvariantCulture) : "-", BenchReport.Ms(result.All.P99)]);
        json[$"{result.Synchronous}x{result.Agents}"] = Stats.Round(fraction);
    }

    report.Json["fractionOfRawCommitRate"] = json;
    report.Section("5. Commands per second as a fraction of the raw SQLite commit rate measured in this run (one recovery step = one command = one transaction)", rows);

    var top = settings.AgentCounts.Max();
    var full = cycles.FirstOrDefault(c => c.Synchronous == "FULL" && c.Agents == top);
    var normal = cycles.FirstOrDefault(c => c.Synchronous == "NORMAL" && c.Agents == top);
    if (full is not null && raw is not null && raw.TryGetValue("FULL", out var fullLimit))
    {
        var fraction = full.StepsPerSecond / fullLimit.CommitsPerSecond * 100;
        report.Target($"FULL: steps/s at {top} agents vs raw durable commits/s", ">= 70 %", fraction, "%", settings.Smoke ? null : fraction >= 70);
    }

    if (normal is not null)
    {
        report.Target($"NORMAL: steps/s at {top} agents", ">= 2,000/s", normal.StepsPerSecond, "/s", settings.Smoke ? null : normal.StepsPerSecond >= 2000);
        report.Target($"NORMAL: step p99 at {top} agents", "<= 50 ms", normal.All.P99, "ms", settings.Smoke ? null : normal.All.P99 <= 50);
    }
}
