using System.Net;
using System.Net.Sockets;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>/health/ready says whether this instance can serve its part of the desk: the database and, when configured, Redis.</summary>
public sealed class ReadinessTests
{
    [Test]
    public async Task Ready_WhenRedisDoesNotAnswer_IsUnavailable_WhileLiveStaysUp()
    {
        using var app = new DeskApp(settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=300,connectRetry=0,asyncTimeout=300,syncTimeout=300",
        });
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
