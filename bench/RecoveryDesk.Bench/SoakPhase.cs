using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Bench;

/// <summary>
/// Issue 9's bounded soak: recovery cycles from several agents for a fixed time, in rounds of at most
/// half a minute, with the service's resident memory, open handles and threads read at the start,
/// after every round and at the end. A service that leaks shows it as a climb that does not level off.
/// </summary>
internal static class SoakPhase
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchSettings settings, LiveDesk desk, BenchReport report, CancellationToken ct)
    {
        const string Mode = "FULL";
        await desk.UseAsync(Mode, ct);
        var service = desk.Service!;
        var agents = Math.Min(settings.SoakAgents, desk.CycleAgents.Count - 1);

        // One untimed cycle, so the first sample is of a warmed-up service rather than of a cold one.
        await CyclePhase.RunLevelAsync(settings, desk, Mode, 1, report, ct, warmUp: true);
        var start = Sample(service, TimeSpan.Zero, steps: 0, errors: 0);
        var rows = BenchReport.Table("after", "steps", "errors", "steps/s", "resident MB", "peak MB", "handles", "threads");
        rows.Add(start.Row());
        var samples = new List<SoakSample> { start };
        var clock = Stopwatch.StartNew();
        var steps = 0;
        var errors = 0;
        while (clock.Elapsed < settings.SoakDuration && !ct.IsCancellationRequested)
        {
            var left = settings.SoakDuration - clock.Elapsed;
            var round = await CyclePhase.RunLevelAsync(settings, desk, Mode, agents, report, ct, window: left < Round ? left : Round);
            steps += round.All.Count;
            errors += round.Errors;
            var sample = Sample(service, clock.Elapsed, steps, errors) with { StepsPerSecond = round.StepsPerSecond };
            samples.Add(sample);
            rows.Add(sample.Row());
        }

        var end = samples[^1];
        report.Section($"6. Soak: {agents} agents running recovery cycles for {settings.SoakDuration.TotalMinutes:0.#} min (synchronous {Mode})", rows);
        Console.WriteLine($"  soak: {steps} steps, {errors} errors; resident {Mb(start.Resident)} -> {Mb(end.Resident)} MB, handles {start.Handles} -> {end.Handles}, threads {start.Threads} -> {end.Threads}");
        report.Json["soak"] = new JsonObject
        {
            ["minutes"] = Math.Round(settings.SoakDuration.TotalMinutes, 2),
            ["agents"] = agents,
            ["steps"] = steps,
            ["errors"] = errors,
            ["start"] = start.ToJson(),
            ["end"] = end.ToJson(),
            ["peakResidentMb"] = Mb(samples.Max(s => s.Peak)),
        };
        if (errors > 0)
        {
            report.Error("soak", $"{errors} requests failed during the soak");
        }
    }

    private static SoakSample Sample(DeskService service, TimeSpan at, int steps, int errors)
    {
        var (resident, peak) = service.Memory();
        var (handles, threads) = service.Handles();
        return new SoakSample(at, steps, errors, double.NaN, resident, peak, handles, threads);
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1024d / 1024d, 1);

    private sealed record SoakSample(TimeSpan At, int Steps, int Errors, double StepsPerSecond, long Resident, long Peak, int Handles, int Threads)
    {
        public string[] Row() =>
        [
            $"{At.TotalSeconds:0} s", Steps.ToString(CultureInfo.InvariantCulture), Errors.ToString(CultureInfo.InvariantCulture),
            BenchReport.Number(StepsPerSecond), BenchReport.Number(Mb(Resident)), BenchReport.Number(Mb(Peak)),
            Handles.ToString(CultureInfo.InvariantCulture), Threads.ToString(CultureInfo.InvariantCulture),
        ];

        public JsonObject ToJson() => new()
        {
            ["seconds"] = Math.Round(At.TotalSeconds, 1),
            ["residentMb"] = Mb(Resident),
            ["handles"] = Handles,
            ["threads"] = Threads,
        };
    }
}
