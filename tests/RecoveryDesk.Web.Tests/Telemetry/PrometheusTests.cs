using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Telemetry;

/// <summary>/metrics with Telemetry:Prometheus:Enabled, on a real server: its own port serves it, and only it.</summary>
public sealed class PrometheusTests
{
    private DeskApp _app = null!;
    private int _metricsPort;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _metricsPort = FreePort();
        _app = await new DeskApp(realServer: true, settings: new Dictionary<string, string>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Port"] = _metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Scrape_OnTheMetricsPort_ServesPrometheusText()
    {
        // A command first, so the request duration and the command counter have values. (Signed in by hand:
        // the factory's own clients may pick the metrics port, which answers nothing else.)
        using (var ava = new HttpClient { BaseAddress = _app.ServerAddress })
        {
            using var login = await ava.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password });
            var token = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
            ava.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            await _app.OpenCaseAsync(ava);
        }

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_metricsPort}/metrics"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("# TYPE http_server_request_duration_seconds histogram"));
        Assert.That(text, Does.Match("(?m)^recoverydesk_commands_total\\{.*kind=\"OpenCase\".*result=\"ok\""));
        Assert.That(text, Does.Contain("recoverydesk_outbox_backlog"));
        Assert.That(text, Does.Contain("recoverydesk_live_connections"));
    }

    [Test]
    public async Task Metrics_OnTheDesksOwnPort_AreNotServed()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_app.ServerAddress, "/metrics"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task TheDesk_OnTheMetricsPort_IsNotServed()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_metricsPort}/health/live"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Tracing_WithoutAnOtlpEndpoint_IsOff() =>
        Assert.That(_app.Services.GetService<OpenTelemetry.Trace.TracerProvider>(), Is.Null, "nothing listens, so no span is made");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
