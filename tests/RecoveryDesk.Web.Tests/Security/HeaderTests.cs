using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using RecoveryDesk.Web.Tests.Api;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>The security headers on every answer, errors included; no caching of personal data; HSTS over HTTPS.</summary>
public sealed class HeaderTests : SecurityFixture
{
    [Test]
    public async Task ErrorsFromTheExceptionHandler_CarryTheSecurityHeadersAndNoStore()
    {
        using var ava = await App.ClientFor("ava");
        var opened = await App.OpenCaseAsync(ava);
        var id = opened.GetProperty("id").GetGuid();

        using var notFound = await ava.GetAsync($"/api/cases/{Guid.NewGuid()}");
        using var badJson = await ava.PostAsync($"/api/cases/{id}/notes", Exchange.RawJson("{\"text\":"));
        using var forbidden = await ava.PostAsJsonAsync($"/api/cases/{id}/replies", new { text = "Not claimed yet, so not mine." });
        using var claimed = await ava.PostAsync($"/api/cases/{id}/claim", null);
        using var conflict = await ava.PostAsync($"/api/cases/{id}/claim", null);

        foreach (var (response, status) in new[] { (notFound, HttpStatusCode.NotFound), (badJson, HttpStatusCode.BadRequest), (forbidden, HttpStatusCode.Forbidden), (conflict, HttpStatusCode.Conflict) })
        {
            await response.ClientProblemAsync();
            Assert.That(response.StatusCode, Is.EqualTo(status));
            AssertSecurityHeaders(response, $"{(int)status}");
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, $"{(int)status}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Test]
    public async Task CaseWithCustomerDetails_IsNoStore()
    {
        using var ava = await App.ClientFor("ava");
        var opened = await App.OpenCaseAsync(ava);

        using var read = await ava.GetAsync($"/api/cases/{opened.GetProperty("id").GetGuid()}");
        using var list = await ava.GetAsync("/api/cases");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await read.Content.ReadAsStringAsync(), Does.Contain("m.hill@example.com"), "the answer carries the customer's contact");
        Assert.That(read.Headers.CacheControl?.NoStore, Is.True, $"Cache-Control {read.Headers.CacheControl}");
        Assert.That(list.Headers.CacheControl?.NoStore, Is.True, $"Cache-Control {list.Headers.CacheControl}");
        AssertSecurityHeaders(read, "GET /api/cases/{id}");
    }

    [Test]
    public async Task ApiAnswers_SayTheServersNow_FromTheClockTheDeadlinesRunOn()
    {
        using var ava = await App.ClientFor("ava");
        using var me = await ava.GetAsync("/api/me");
        using var refused = await App.CreateClient().GetAsync("/api/me");

        foreach (var response in new[] { me, refused })
        {
            var said = DateTimeOffset.Parse(response.Headers.GetValues("X-Server-Time").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(said, Is.EqualTo(App.Clock.GetUtcNow()), $"{(int)response.StatusCode}");
        }
    }

    [TestCase("https://localhost", true)]
    [TestCase("http://localhost", false)]
    public async Task Hsts_IsSentOverHttpsOnly(string baseAddress, bool expected)
    {
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });

        using var page = await client.GetAsync("/");
        using var missing = await client.GetAsync("/api/me");

        foreach (var response in new[] { page, missing })
        {
            Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.EqualTo(expected), $"{baseAddress} {(int)response.StatusCode}");
        }

        if (expected)
        {
            Assert.That(page.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age="));
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(";", values) : string.Empty;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Header("Content-Security-Policy"), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"), what);
            Assert.That(Header("X-Content-Type-Options"), Is.EqualTo("nosniff"), what);
            Assert.That(Header("X-Frame-Options"), Is.EqualTo("DENY"), what);
            Assert.That(Header("Referrer-Policy"), Is.EqualTo("no-referrer"), what);
        }
    }
}
