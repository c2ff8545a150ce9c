using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace RecoveryDesk.Bench;

/// <summary>
/// Issue 14's performance check: the recovery cycle at the top agent count with customers that have no
/// email address (no mail written) and then with mail sent to an SMTP sink in this process, and how fast
/// mail leaves: a backlog written with dispatch off, then sent by a fresh start, timed at the sink.
/// </summary>
internal static class MailPhase
{
    internal const string Synchronous = "NORMAL";

    public static async Task RunAsync(BenchSettings settings, LiveDesk desk, BenchReport report, CancellationToken ct)
    {
        await using var sink = SmtpSink.Start();
        var smtp = new Dictionary<string, string>
        {
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
        };
        var agents = settings.AgentCounts.Max();

        await desk.UseAsync(Synchronous, ct);
        var without = await MeasureAsync(settings, desk, agents, report, customerEmail: false, ct);
        Console.WriteLine($"  no mail x{agents}: {without.StepsPerSecond:0.0} steps/s, p99 {without.All.P99:0.0} ms");

        await desk.UseAsync(Synchronous, ct, smtp);
        var sentBefore = sink.Count;
        var with = await MeasureAsync(settings, desk, agents, report, customerEmail: true, ct);
        var sentDuring = sink.Count - sentBefore;
        Console.WriteLine($"  mail x{agents}: {with.StepsPerSecond:0.0} steps/s, p99 {with.All.P99:0.0} ms, {sentDuring} mails at the sink");

        // Drained before the stop: a stop during a batch leaves its mails leased (Mail:Lease) to the stopped process.
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Queued(desk.DatabasePath) > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50, ct);
        }

        // The dispatcher's own rate: mail written with dispatch off, then sent by a fresh start.
        await desk.UseAsync(Synchronous, ct, new Dictionary<string, string>(smtp) { ["Mail__DispatchEnabled"] = "false" });
        await CyclePhase.RunLevelAsync(settings, desk, Synchronous, agents, report, ct, window: settings.CycleDuration);
        var backlog = Queued(desk.DatabasePath);
        await desk.StopAsync();
        var atSinkBefore = sink.Count;
        var started = Stopwatch.GetTimestamp();
        await desk.UseAsync(Synchronous, ct, smtp);
        var drained = await sink.WaitForAsync(atSinkBefore + backlog, TimeSpan.FromMinutes(5), ct);
        var fromStart = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sendSeconds = (sink.LastAt - sink.FirstAfter(atSinkBefore)).TotalSeconds;
        var rate = drained && sendSeconds > 0 ? backlog / sendSeconds : double.NaN;
        Console.WriteLine($"  backlog of {backlog} mails: {(drained ? $"sent in {sendSeconds:0.0} s ({rate:0} mails/s), {fromStart:0.0} s from the restart" : "not drained within 5 minutes")}");

        var rows = BenchReport.Table("run", "steps/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "mails");
        rows.Add(["no email address (no mail)", BenchReport.Number(without.StepsPerSecond), BenchReport.Ms(without.All.P50), BenchReport.Ms(without.All.P95), BenchReport.Ms(without.All.P99), BenchReport.Ms(without.All.Max), without.Errors.ToString(CultureInfo.InvariantCulture), "0"]);
        rows.Add(["mail to the SMTP sink", BenchReport.Number(with.StepsPerSecond), BenchReport.Ms(with.All.P50), BenchReport.Ms(with.All.P95), BenchReport.Ms(with.All.P99), BenchReport.Ms(with.All.Max), with.Errors.ToString(CultureInfo.InvariantCulture), sentDuring.ToString(CultureInfo.InvariantCulture)]);
        report.Section($"7. Customer mail: recovery cycle at {agents} agents, synchronous={Synchronous}, {settings.CycleDuration.TotalSeconds:0} s measured after {settings.ServiceWarmup.TotalSeconds:0} s warm-up; a backlog of {backlog} mails sent at {BenchReport.Number(rate)}/s", rows);

        var increase = (with.All.P99 / without.All.P99 - 1) * 100;
        report.Target($"mail: step p99 at {agents} agents vs the same run without mail", "<= +10 %", increase, "%", settings.Smoke ? null : increase <= 10);
        report.Target("mail: mails sent per second (a backlog, one dispatcher)", ">= 200/s", rate, "/s", settings.Smoke ? null : rate >= 200);
        report.Json["mail"] = new JsonObject
        {
            ["agents"] = agents,
            ["withoutMail"] = new JsonObject { ["stepsPerSecond"] = Stats.Round(without.StepsPerSecond), ["errors"] = without.Errors, ["all"] = without.All.ToJson() },
            ["withMail"] = new JsonObject { ["stepsPerSecond"] = Stats.Round(with.StepsPerSecond), ["errors"] = with.Errors, ["all"] = with.All.ToJson(), ["mailsAtSink"] = sentDuring },
            ["p99IncreasePercent"] = Stats.Round(increase),
            ["backlog"] = backlog,
            ["backlogDrained"] = drained,
            ["backlogSendSeconds"] = Stats.Round(sendSeconds),
            ["backlogSecondsFromRestart"] = Stats.Round(fromStart),
            ["mailsPerSecond"] = Stats.Round(rate),
        };
    }

    /// <summary>An untimed warm-up at this start, then the measured row.</summary>
    internal static async Task<CycleResult> MeasureAsync(BenchSettings settings, LiveDesk desk, int agents, BenchReport report, bool customerEmail, CancellationToken ct)
    {
        await CyclePhase.RunLevelAsync(settings, desk, Synchronous, 1, report, ct, warmUp: true, customerEmail: customerEmail);
        await CyclePhase.RunLevelAsync(settings, desk, Synchronous, agents, report, ct, window: settings.ServiceWarmup, customerEmail: customerEmail);
        return await CyclePhase.RunLevelAsync(settings, desk, Synchronous, agents, report, ct, customerEmail: customerEmail);
    }

    private static int Queued(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM CustomerMails WHERE State = 'Queued'";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>An SMTP server on loopback (the SmtpServer package) that accepts every message and counts it.</summary>
    private sealed class SmtpSink : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<DateTime> _arrivals = [];
        private Task _serving = Task.CompletedTask;

        private SmtpSink(int port) => Port = port;

        public int Port { get; }

        public int Count
        {
            get
            {
                lock (_arrivals)
                {
                    return _arrivals.Count;
                }
            }
        }

        public DateTime LastAt
        {
            get
            {
                lock (_arrivals)
                {
                    return _arrivals.Count == 0 ? DateTime.MinValue : _arrivals[^1];
                }
            }
        }

        public static SmtpSink Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var sink = new SmtpSink(((IPEndPoint)probe.LocalEndpoint).Port);
            probe.Stop();
            var options = new SmtpServerOptionsBuilder()
                .ServerName("sink.bench")
                .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, sink.Port)))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Store(sink));
            sink._serving = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
            return sink;
        }

        /// <summary>When the message after the first <paramref name="skip"/> arrived.</summary>
        public DateTime FirstAfter(int skip)
        {
            lock (_arrivals)
            {
                return _arrivals.Count > skip ? _arrivals[skip] : DateTime.MaxValue;
            }
        }

        public async Task<bool> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Count < count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(20, ct);
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _serving;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            _stop.Dispose();
        }

        private sealed class Store(SmtpSink sink) : MessageStore
        {
            public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
            {
                lock (sink._arrivals)
                {
                    sink._arrivals.Add(DateTime.UtcNow);
                }

                return Task.FromResult(SmtpResponse.Ok);
            }
        }
    }
}
