using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>
/// What an attacker tries first: guessing passwords, hammering sign-in and the customer routes,
/// oversized bodies, framing and sniffing the pages, stealing or riding the sign-in cookie.
/// </summary>
public sealed class AbuseTests
{
    private static readonly string[] PageRoutes = ["/", "/console", "/board", "/board/figures", "/status", "/status/RD-234567"];

    private ReliabilityDesk _desk = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        // The shipped customer limits (20 a minute per address, 10 per reference).
        _desk = await ReliabilityDesk.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:CustomerPerAddressPerMinute"] = "20",
            ["RateLimits:CustomerPerReferencePerMinute"] = "10",
        });

    [OneTimeTearDown]
    public void Stop() => _desk?.Dispose();

    [Test]
    public async Task SignIn_FiveWrongPasswords_MakeThatEmailWaitForTokensAndCookiesButNotOthers()
    {
        var key = $"locked-{Guid.NewGuid():N}";
        await _desk.App.AddAgentAsync(key, "Lena Lockwood", "Front Line");
        using var client = _desk.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf(key), password = $"Wrong-{attempt}-Password!" });
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var token = await client.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf(key), password = DeskApp.Password });
        using var cookie = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf(key), password = DeskApp.Password });
        using var someoneElse = await client.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf("cara"), password = DeskApp.Password });
        var tokenText = await token.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(token.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(token.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(tokenText, Does.Not.Contain("accessToken"));
            Assert.That(cookie.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(cookie.Headers.Contains("Set-Cookie"), Is.False, "a waiting sign-in gets no cookie");
            Assert.That(someoneElse.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the wait is per email");
        }
    }

    [Test]
    public async Task SignIn_MoreThanTheLimitPerMinute_Gets429WithRetryAfter_AndRefreshShareTheLimit()
    {
        using var limited = await ReliabilityDesk.StartAsync(new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "3" });
        using var client = limited.App.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@test.example", password = "Guess-Number-2026!" });
            statuses.Add(attempt.StatusCode);
        }

        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password });
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "forged" });

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        foreach (var response in new[] { login, refresh })
        {
            await AssertLimitedAsync(response);
        }
    }

    [Test]
    public async Task CustomerRoutes_WrongCodeWritesPerReference_AreLimitedWith429AndRetryAfter_TheRightCodeIsNot()
    {
        var staged = await _desk.StageAsync(promise: false, offer: false);
        using var guesser = _desk.App.CreateClient();
        guesser.DefaultRequestHeaders.Add("X-Access-Code", "not-the-code");
        using var customer = _desk.App.CreateClient();
        customer.DefaultRequestHeaders.Add("X-Access-Code", staged.AccessCode);
        var before = await _desk.VersionAsync(staged.Id);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 11 && limited is null; i++)
        {
            var response = await guesser.PostAsJsonAsync($"/api/public/cases/{staged.Reference}/messages", new { text = "Guessing." });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.That(statuses.Take(10), Is.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(limited, Is.Not.Null, $"never limited: {string.Join(", ", statuses)}");
        using (limited)
        {
            await AssertLimitedAsync(limited!);
        }

        Assert.That(await _desk.VersionAsync(staged.Id), Is.EqualTo(before), "a refused message is not taken");
        for (var i = 0; i < 11; i++)
        {
            using var invalid = await customer.PostAsJsonAsync($"/api/public/cases/{staged.Reference}/feedback", new { satisfaction = 9 });
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "satisfaction 9 is out of range; the customer is never limited");
        }

        using var message = await customer.PostAsJsonAsync($"/api/public/cases/{staged.Reference}/messages", new { text = "Hello?" });
        Assert.That(message.StatusCode, Is.EqualTo(HttpStatusCode.OK), await message.Content.ReadAsStringAsync());
    }

    [TestCase("/api/cases", "staff")]
    [TestCase("/api/public/cases/RD-234567/messages", "customer")]
    [TestCase("/api/auth/login", "anonymous")]
    public async Task Body_Over64KB_Is413ProblemBeforeAnythingReadsIt(string path, string who)
    {
        using var anonymous = _desk.App.CreateClient();
        var client = who == "staff" ? await _desk.As("ava") : anonymous;
        var json = $"{{\"text\":\"{new string('x', 65 * 1024)}\"}}";
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Body_Exactly64KB_IsNotRefusedForItsSize()
    {
        var staged = await _desk.StageAsync(promise: false, offer: false);
        var prefix = "{\"text\":\"";
        var json = prefix + new string(' ', (64 * 1024) - prefix.Length - 7) + "Hello\"}";
        Assert.That(Encoding.UTF8.GetByteCount(json), Is.EqualTo(64 * 1024));
        using var response = await (await _desk.As("ava")).PostAsync($"/api/cases/{staged.Id}/notes", new StringContent(json, Encoding.UTF8, "application/json"));

        // Whatever validation makes of 64 K of spaces, the size alone is no reason to refuse.
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task PageRoutes_CarryTheSecurityHeaders()
    {
        using var client = _desk.App.CreateClient();
        foreach (var route in PageRoutes)
        {
            using var response = await client.GetAsync(route);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), route);
            AssertSecurityHeaders(response, route, allowInline: false);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), route);
        }

        using var docs = await client.GetAsync("/docs");
        AssertSecurityHeaders(docs, "/docs", allowInline: true);
        using var api = await client.GetAsync("/api/me");
        AssertSecurityHeaders(api, "/api/me", allowInline: false);
    }

    [TestCase("http://localhost", false)]
    [TestCase("https://localhost", true)]
    public async Task SignInCookie_IsHttpOnlyStrictAndSecureOverHttps(string baseAddress, bool secure)
    {
        using var browser = _desk.App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), HandleCookies = false });
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf("cara"), password = DeskApp.Password });

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("RecoveryDesk.Auth=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(attributes, Does.Contain("httponly"));
            Assert.That(attributes, Does.Contain("samesite=strict"));
            Assert.That(attributes.Contains("secure"), Is.EqualTo(secure), cookie);
        });
    }

    [Test]
    public async Task CookieWrite_WithoutTheRequestHeader_Is403AndChangesNothing_WithItSucceeds()
    {
        var staged = await _desk.StageAsync(promise: false, offer: false);
        using var browser = _desk.App.CreateClient();
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var before = await _desk.VersionAsync(staged.Id);

        using var read = await browser.GetAsync($"/api/cases/{staged.Id}");
        using var forged = await browser.PostAsJsonAsync($"/api/cases/{staged.Id}/notes", new { text = "Forged by another site." });
        using var forgedReply = await browser.PostAsJsonAsync($"/api/cases/{staged.Id}/replies", new { text = "Forged reply." });
        using var forgedLogout = await browser.PostAsync("/api/auth/logout", null);
        var afterForgery = await _desk.VersionAsync(staged.Id);

        using var genuine = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{staged.Id}/notes") { Content = JsonContent.Create(new { text = "From the console." }) };
        genuine.Headers.Add("X-RecoveryDesk-Request", "1");
        using var allowed = await browser.SendAsync(genuine);

        // A bearer client never needs the header: a browser does not attach tokens by itself.
        using var bearer = await (await _desk.As("ava")).PostAsJsonAsync($"/api/cases/{staged.Id}/notes", new { text = "From an integration." });

        var allowedText = await allowed.Content.ReadAsStringAsync();
        var bearerText = await bearer.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads need no header");
            foreach (var response in new[] { forged, forgedReply, forgedLogout })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            }

            Assert.That(afterForgery, Is.EqualTo(before), "the forged writes changed nothing");
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), allowedText);
            Assert.That(bearer.StatusCode, Is.EqualTo(HttpStatusCode.OK), bearerText);
        }
        var timeline = await (await _desk.As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases/{staged.Id}/timeline");
        Assert.That(timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()), Has.None.Contains("Forged"));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string route, bool allowInline)
    {
        var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(";", values) : string.Empty;
        Assert.Multiple(() =>
        {
            Assert.That(csp, Does.Contain("frame-ancestors 'none'"), route);
            Assert.That(csp, Does.Contain("default-src 'self'"), route);
            if (!allowInline)
            {
                Assert.That(csp, Does.Not.Contain("unsafe-inline"), route);
                Assert.That(csp, Does.Not.Contain("unsafe-eval"), route);
            }

            Assert.That(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) ? sniff : [], Is.EqualTo(new[] { "nosniff" }), route);
            Assert.That(response.Headers.TryGetValues("Referrer-Policy", out var referrer) ? referrer : [], Is.EqualTo(new[] { "no-referrer" }), route);
        });
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), text);
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)), "Retry-After");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }
}
