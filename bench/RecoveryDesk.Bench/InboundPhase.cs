using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Bench;

/// <summary>
/// Issue 15's performance check: a backlog of customers' mail (1,000 new complaints as .eml files in the
/// inbound folder, read exactly as a mailbox's messages are applied) processed while agents work the
/// recovery cycle; the rate is taken from the first file dropped to the folder being empty, and the
/// cycle's p99 is compared with the same run on the same start without the backlog.
/// </summary>
internal static class InboundPhase
{
    public static async Task RunAsync(BenchSettings settings, LiveDesk desk, BenchReport report, CancellationToken ct)
    {
        var agents = settings.AgentCounts.Max();
        var messages = settings.Smoke ? 50 : 1_000;
        var inbox = Path.Combine(Path.GetDirectoryName(desk.DatabasePath)!, "inbound-bench");
        Directory.CreateDirectory(inbox);
        await desk.UseAsync(MailPhase.Synchronous, ct, new Dictionary<string, string> { ["Mail__InboundFolder"] = inbox });

        var without = await MailPhase.MeasureAsync(settings, desk, agents, report, customerEmail: false, ct);
        Console.WriteLine($"  no inbound mail x{agents}: {without.StepsPerSecond:0.0} steps/s, p99 {without.All.P99:0.0} ms");

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
        {
            var file = Path.Combine(inbox, $"bench-{i:D5}.eml");
            await File.WriteAllTextAsync(file + ".part", $"From: Customer {i} <bench{i}@example.com>\r\nSubject: Bench complaint {i}\r\nMessage-ID: <bench{i}.{Guid.NewGuid():N}@example.com>\r\n\r\nMy order {i} never arrived.\r\n", ct);
            File.Move(file + ".part", file);
        }

        var during = await CyclePhase.RunLevelAsync(settings, desk, MailPhase.Synchronous, agents, report, ct);
        var deadline = started + (300 * Stopwatch.Frequency);
        while (Directory.GetFiles(inbox, "*.eml").Length > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, ct);
        }

        var left = Directory.GetFiles(inbox, "*.eml").Length;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rate = left == 0 ? messages / seconds : double.NaN;
        Console.WriteLine($"  {messages} inbound mails: {(left == 0 ? $"{seconds:0.0} s ({rate:0}/s)" : $"{left} left after 5 minutes")}; cycle during it {during.StepsPerSecond:0.0} steps/s, p99 {during.All.P99:0.0} ms");

        var rows = BenchReport.Table("run", "steps/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
        rows.Add(["no inbound mail", BenchReport.Number(without.StepsPerSecond), BenchReport.Ms(without.All.P50), BenchReport.Ms(without.All.P95), BenchReport.Ms(without.All.P99), BenchReport.Ms(without.All.Max), without.Errors.ToString(CultureInfo.InvariantCulture)]);
        rows.Add([$"while {messages} mails are read", BenchReport.Number(during.StepsPerSecond), BenchReport.Ms(during.All.P50), BenchReport.Ms(during.All.P95), BenchReport.Ms(during.All.P99), BenchReport.Ms(during.All.Max), during.Errors.ToString(CultureInfo.InvariantCulture)]);
        report.Section($"8. Customers' mail in: {messages} new complaints in the inbound folder, read at {BenchReport.Number(rate)}/s, beside the recovery cycle at {agents} agents", rows);

        var increase = (during.All.P99 / without.All.P99 - 1) * 100;
        report.Target("inbound mail: messages applied per second (a backlog of new complaints)", ">= 100/s", rate, "/s", settings.Smoke ? null : rate >= 100);
        report.Target($"inbound mail: step p99 at {agents} agents while the backlog is read", "<= +10 %", increase, "%", settings.Smoke ? null : increase <= 10);
        report.Json["inbound"] = new JsonObject
        {
            ["messages"] = messages,
            ["seconds"] = Stats.Round(seconds),
            ["perSecond"] = Stats.Round(rate),
            ["left"] = left,
            ["withoutMail"] = new JsonObject { ["stepsPerSecond"] = Stats.Round(without.StepsPerSecond), ["all"] = without.All.ToJson() },
            ["duringMail"] = new JsonObject { ["stepsPerSecond"] = Stats.Round(during.StepsPerSecond), ["all"] = during.All.ToJson() },
            ["p99IncreasePercent"] = Stats.Round(increase),
        };
    }
}
