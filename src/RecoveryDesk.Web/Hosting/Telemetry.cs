using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RecoveryDesk.Application.Mail.Inbound;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Web.Hubs;
using DeskTelemetry = RecoveryDesk.Application.Common.Telemetry;

namespace RecoveryDesk.Web.Hosting;

/// <summary>The "Telemetry" configuration section.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    public TracingOptions Tracing { get; set; } = new();

    internal sealed class TracingOptions
    {
        /// <summary>Whether spans are recorded at all; left unset, they are when OTLP has somewhere to send them.</summary>
        public bool? Enabled { get; set; }
    }

    internal sealed class PrometheusOptions
    {
        /// <summary>Off by default: nothing answers on /metrics.</summary>
        public bool Enabled { get; set; }

        /// <summary>The port /metrics is served on, and nothing else; the desk's own port never serves it.</summary>
        public int Port { get; set; } = 9464;
    }

    public static TelemetryOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
}

/// <summary>
/// OpenTelemetry for the desk: metrics are always collected in process (cheap: an instrument nobody reads
/// costs a check), spans when there is somewhere to send them; both are exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set, and metrics served for Prometheus on a port of their own when
/// Telemetry:Prometheus:Enabled is true.
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddDeskTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = TelemetryOptions.From(configuration);
        ConfigureLogging(builder.Logging, configuration);

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DeskTelemetry.Name));
        // Without tracing nothing listens, so no span is created and no database command reports itself.
        if (options.Tracing.Enabled ?? otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(DeskTelemetry.Name, "Quartz")
                .AddAspNetCoreInstrumentation(http => http.Filter = context => !IsProbe(context.Request.Path))
                // A database command is worth a span as part of something traced, not as a poller's loose query.
                .AddEntityFrameworkCoreInstrumentation(ef => ef.Filter = (_, _) => IsInsideATrace(Activity.Current))
                .SetSampler(new DeskSampler()));
        }

        telemetry.WithMetrics(metrics => metrics
                .AddMeter(DeskTelemetry.Name, "Quartz", "Microsoft.AspNetCore.Http.Connections")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (otlp)
        {
            // Traces, metrics and logs; the endpoint, protocol and headers come from the standard OTEL_* variables.
            telemetry.UseOtlpExporter();
        }

        if (options.Prometheus.Enabled)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        builder.Services.AddSingleton<DeskGauges>();
        return builder;
    }

    /// <summary><c>Logging:Format=Json</c>: one JSON object a line, with the trace and span ids of the request or job that logged it.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        if (!string.Equals(configuration["Logging:Format"], "Json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        logging.Configure(factory => factory.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
    }

    /// <summary>
    /// The addresses the desk listens on: its own (urls, http_ports, or the default) and, with
    /// Prometheus on, the metrics port on every interface.
    /// </summary>
    public static string[] ListenAddresses(IConfiguration configuration, string fallback)
    {
        string[] own = configuration["urls"] is { Length: > 0 } urls
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : configuration["http_ports"] is { Length: > 0 } ports
                ? [.. ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}")]
                : [fallback];
        var prometheus = TelemetryOptions.From(configuration).Prometheus;
        return prometheus.Enabled ? [.. own, $"http://*:{prometheus.Port}"] : own;
    }

    /// <summary>
    /// Serves /metrics on the metrics port and only there; that port answers nothing else. First in the
    /// pipeline, so a scrape passes no sign-in, session or rate limit.
    /// </summary>
    public static WebApplication UseDeskMetrics(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<DeskGauges>();
        var prometheus = TelemetryOptions.From(app.Configuration).Prometheus;
        if (!prometheus.Enabled)
        {
            return app;
        }

        var port = prometheus.Port;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == port && context.Request.Path == MetricsPath);
        app.MapWhen(context => context.Connection.LocalPort == port, other => other.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        return app;
    }

    /// <summary>True when the command's span (or, while it starts, the span around it) belongs to a trace begun elsewhere.</summary>
    private static bool IsInsideATrace(Activity? current) =>
        current is not null && (current.Source.Name != "OpenTelemetry.Instrumentation.EntityFrameworkCore" || current.Parent is not null || current.HasRemoteParent);

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);
}

/// <summary>
/// Every trace, except those the job store starts on its own (acquiring triggers, completing a firing):
/// one every few seconds, with nothing to say. Its work for a command (arming a timer) stays in the command's trace.
/// </summary>
internal sealed class DeskSampler : Sampler
{
    private readonly ParentBasedSampler _everything = new(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Name.StartsWith("Quartz.JobStore.", StringComparison.Ordinal)
            ? new SamplingResult(SamplingDecision.Drop)
            : _everything.ShouldSample(samplingParameters);
}

/// <summary>
/// Gauges read when metrics are collected: the outbox and mail backlog (from <see cref="DeskBacklog"/>,
/// which reads the database at most every few seconds), live staff connections on this instance, and how
/// each inbound mailbox is doing. Made per host, so a stopped host's gauges go with it.
/// </summary>
internal sealed class DeskGauges
{
    public DeskGauges(IMeterFactory meters, DeskBacklog backlog, DeskConnections connections, MailboxHealth mailboxes, TimeProvider clock)
    {
        var meter = meters.Create(DeskTelemetry.Name);
        meter.CreateObservableGauge("recoverydesk.outbox.backlog", () => backlog.Read().Outbox, "{message}", "Live messages written and not yet delivered");
        meter.CreateObservableGauge("recoverydesk.outbox.oldest_age", () => backlog.Read().OldestOutboxAge, "s", "Age of the oldest undelivered live message");
        meter.CreateObservableGauge("recoverydesk.mail.backlog", () => backlog.Read().QueuedMail, "{mail}", "Customer mail queued to be sent");
        meter.CreateObservableGauge("recoverydesk.live.connections", () => connections.Count, "{connection}", "Staff consoles connected to this instance");
        meter.CreateObservableGauge(
            "recoverydesk.mailbox.healthy",
            () => mailboxes.States.Select(state => new Measurement<int>(state.Ok ? 1 : 0, new KeyValuePair<string, object?>("mailbox", state.Source))),
            "1",
            "Whether the last read of each inbound mailbox worked");
        meter.CreateObservableGauge(
            "recoverydesk.mailbox.last_check_age",
            () => mailboxes.States.Select(state => new Measurement<double>((clock.GetUtcNow() - state.CheckedAt).TotalSeconds, new KeyValuePair<string, object?>("mailbox", state.Source))),
            "s",
            "Time since each inbound mailbox was last read");
    }
}
