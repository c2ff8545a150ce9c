using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Telemetry;

/// <summary>
/// The spans and measurements of the real host, taken by the OpenTelemetry SDK's in-memory exporters:
/// what a command, a request, the outbox, mail and the SLA timers report.
/// </summary>
public sealed class TelemetryTests
{
    private readonly ExportedCollection<Activity> _spans = new();
    private readonly ExportedCollection<MetricSnapshot> _metrics = new();
    private TestSmtp _smtp = null!;
    private DeskApp _app = null!;
    private HttpClient _ava = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _smtp = new TestSmtp().Start();
        var settings = _smtp.Settings;
        // The exporter stands in for OTLP, without which the host records no spans.
        settings["Telemetry:Tracing:Enabled"] = "true";
        _app = await new DeskApp(settings: settings, services: services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        }).StartAsync();
        _ava = await _app.ClientFor("ava");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _ava.Dispose();
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Test]
    public async Task Command_CountsByKindAndResult()
    {
        var id = await OpenAsync();
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        using var empty = await _ava.PostAsJsonAsync($"/api/cases/{id}/replies", new { text = "" });
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var commands = Points("recoverydesk.commands");
        Assert.That(commands, Has.Some.Matches<Point>(p => p.Has("kind", "ClaimCase") && p.Has("result", "ok") && p.Sum >= 1));
        Assert.That(commands, Has.Some.Matches<Point>(p => p.Has("kind", "ReplyToCase") && p.Has("result", "rejected") && p.Sum >= 1));
    }

    [Test]
    public async Task Request_IsAServerSpanWithItsRoute()
    {
        var id = await OpenAsync();
        var trace = await TracedAsync(HttpMethod.Get, $"/api/cases/{id}");

        var server = await SpanAsync(s => s.TraceId == trace && s.Kind == ActivityKind.Server, "the request's server span");
        Assert.That(server.GetTagItem("http.route"), Is.EqualTo("/api/cases/{id:guid}"));
        Assert.That(server.GetTagItem("http.request.method"), Is.EqualTo("GET"));
        Assert.That(server.GetTagItem("http.response.status_code"), Is.EqualTo(200));
        Assert.That(_spans.Now(), Has.Some.Matches<Activity>(s => s.TraceId == trace && s.Source.Name == "OpenTelemetry.Instrumentation.EntityFrameworkCore"), "its database commands are spans of the same trace");
    }

    [Test]
    public async Task OutboxDelivery_LinksToTheCommandThatWroteIt()
    {
        var id = await OpenAsync();
        var trace = await TracedAsync(HttpMethod.Post, $"/api/cases/{id}/claim");

        var command = await SpanAsync(s => s.TraceId == trace && s.DisplayName == "ClaimCase", "the claim's command span");
        var delivery = await SpanAsync(s => s.DisplayName == "outbox deliver" && s.Links.Any(l => l.Context.TraceId == trace), "the delivery of the claim's live message");
        Assert.That(delivery.Links.Single().Context.SpanId, Is.EqualTo(command.SpanId), "linked to the command's span");
        Assert.That(delivery.TraceId, Is.Not.EqualTo(trace), "a trace of its own: delivery happens later, maybe on another instance");
        Assert.That(delivery.GetTagItem("recoverydesk.outbox.event"), Is.Not.Null);
        Assert.That(command.GetTagItem("recoverydesk.command.result"), Is.EqualTo("ok"));
    }

    [Test]
    public async Task MailToTheCustomer_IsASendSpan()
    {
        var id = await OpenAsync();
        var send = await SpanAsync(s => s.DisplayName == "mail send" && Equals(s.GetTagItem("recoverydesk.case.id"), id), "the acknowledgement's send span");
        Assert.That(send.GetTagItem("recoverydesk.mail.result"), Is.EqualTo("sent"));
        Assert.That(send.GetTagItem("recoverydesk.mail.kind"), Is.EqualTo("Opened"));
        Assert.That(send.Kind, Is.EqualTo(ActivityKind.Client));
    }

    [Test]
    public async Task MailFromTheCustomer_IsAReceiveSpan_AndTheReadIsCounted()
    {
        var inbox = Path.Combine(_app.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Nora Quill", "nora.quill@example.org"));
        message.To.Add(new MailboxAddress("Front Line", "frontline@shop.example"));
        message.Subject = "The lamp flickers";
        message.Body = new TextPart("plain") { Text = "It flickers since Monday." };
        await message.WriteToAsync(Path.Combine(inbox, "lamp.eml.part"));
        File.Move(Path.Combine(inbox, "lamp.eml.part"), Path.Combine(inbox, "lamp.eml"));

        var receive = await SpanAsync(s => s.DisplayName == "mail receive" && s.GetTagItem("recoverydesk.case.id") is not null && s.GetTagItem("recoverydesk.mail.outcome") is "Opened", "the mail's receive span");
        Assert.That(receive.GetTagItem("recoverydesk.mailbox"), Is.EqualTo("folder"));
        Assert.That(receive.Kind, Is.EqualTo(ActivityKind.Consumer));
        Assert.That(Points("recoverydesk.mailbox.polls"), Has.Some.Matches<Point>(p => p.Has("mailbox", "folder") && p.Has("result", "ok") && p.Sum >= 1));
    }

    [Test]
    public async Task SlaWarning_CountsForTheTeam_AndTheTimerReportsItsLag()
    {
        var id = await OpenAsync(priority: "P1");
        await _app.Clock.AdvanceAndSettle(TimeSpan.FromMinutes(11.5));
        await Eventually.Until(
            () => _ava.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}/timeline"),
            timeline => timeline.EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "SlaWarning"),
            "the SLA warning");

        var team = _app.TeamIds["Front Line"].ToString("D");
        await Eventually.Until(
            () => Task.FromResult(Points("recoverydesk.sla.warnings")),
            points => points.Any(p => p.Has("team", team) && p.Sum >= 1),
            "the warning counted for Front Line");
        Assert.That(Points("recoverydesk.timer.lag"), Has.Some.Matches<Point>(p => p.Count >= 1));
        Assert.That(_spans.Now(), Has.Some.Matches<Activity>(s => s.Source.Name == "Quartz" && s.DisplayName.Contains("Execute", StringComparison.Ordinal)), "Quartz's own job span");
    }

    [Test]
    public async Task Metrics_ByDefault_AreNotServed()
    {
        using var anonymous = _app.CreateClient();
        using var response = await anonymous.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<Guid> OpenAsync(string priority = "P2") =>
        (await _app.OpenCaseAsync(_ava, priority: priority)).GetProperty("id").GetGuid();

    /// <summary>Sends Ava's request as part of a trace of the caller's (a W3C traceparent header) and returns that trace's id.</summary>
    private async Task<ActivityTraceId> TracedAsync(HttpMethod method, string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        (await _ava.SendAsync(request)).EnsureSuccessStatusCode();
        return trace;
    }

    private async Task<Activity> SpanAsync(Func<Activity, bool> match, string what) =>
        (await Eventually.Until(() => Task.FromResult(_spans.Now().FirstOrDefault(match)), span => span is not null, what))!;

    /// <summary>The points of one instrument as collected now.</summary>
    private List<Point> Points(string name)
    {
        _metrics.Clear();
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return [.. _metrics.Now().Where(m => m.Name == name).SelectMany(m => m.MetricPoints.Select(p => Point.Of(m, p)))];
    }

    private sealed record Point(IReadOnlyDictionary<string, object?> Tags, double Sum, long Count)
    {
        public static Point Of(MetricSnapshot metric, MetricPoint point)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            return metric.MetricType switch
            {
                MetricType.LongSum => new Point(tags, point.GetSumLong(), 0),
                MetricType.Histogram => new Point(tags, point.GetHistogramSum(), point.GetHistogramCount()),
                _ => new Point(tags, 0, 0),
            };
        }

        public bool Has(string key, string value) => Tags.TryGetValue(key, out var tag) && Equals(tag?.ToString(), value);
    }
}
