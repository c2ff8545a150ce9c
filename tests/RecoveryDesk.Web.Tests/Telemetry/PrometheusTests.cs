using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
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
        using var http = new HttpClient();
        // A request of the desk's first, so its request duration has a value.
        (await http.GetAsync(new Uri(_app.ServerAddress, "/health/live"))).EnsureSuccessStatusCode();
        (await http.PostAsync(new Uri(_app.ServerAddress, "/api/auth/login"), JsonContent.Create(new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password }))).EnsureSuccessStatusCode();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_metricsPort}/metrics"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("# TYPE http_server_request_duration_seconds histogram"));
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
