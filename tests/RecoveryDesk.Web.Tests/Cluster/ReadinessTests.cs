using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>
/// /health/ready says whether this instance can serve its part of the desk: the database and, when
/// configured, Redis. While Redis is away the instance still serves: sign-in and the customers' limits
/// count on this instance alone.
/// </summary>
public sealed class ReadinessTests
{
    [Test]
    public async Task Ready_WhenRedisDoesNotAnswer_IsUnavailable_WhileLiveStaysUp()
    {
        using var app = RedisAway();
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RedisAway_SignInAndTheCustomersLimits_StillWork_CountedOnThisInstance()
    {
        using var app = await RedisAway(new Dictionary<string, string> { ["RateLimits:CustomerPerReferencePerMinute"] = "3" }).StartAsync();
        using var ava = await app.ClientFor("ava");
        var opened = await app.OpenCaseAsync(ava);
        var reference = opened.GetProperty("reference").GetString()!;
        using var anonymous = app.CreateClient();

        using var wrongPassword = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf("ava"), password = "not-the-password" });
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            guesses.Add(await LookUpAsync(anonymous, reference, $"guess-{i}"));
        }

        var right = await LookUpAsync(anonymous, reference, opened.GetProperty("accessCode").GetString()!);

        Assert.That(wrongPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await wrongPassword.Content.ReadAsStringAsync());
        Assert.That(guesses, Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
        Assert.That(right, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<HttpStatusCode> LookUpAsync(HttpClient client, string reference, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{reference}");
        request.Headers.Add("X-Access-Code", code);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A desk whose Redis is configured but never answers.</summary>
    private static DeskApp RedisAway(IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=300,connectRetry=0,asyncTimeout=300,syncTimeout=300",
        };
        return new DeskApp(settings: all);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
