using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using RecoveryDesk.Web.Tests.Api;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>Links come from PublicBaseUrl, never from the Host header; the proxy named in the settings is believed about TLS.</summary>
public sealed class PublicAddressTests : SecurityFixture
{
    private const string Proxy = "10.20.30.40";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PublicBaseUrl"] = "https://desk.example.com/",
        ["ForwardedHeaders:KnownProxies:0"] = Proxy,
    };

    [Test]
    public async Task OpenCase_WithAHostileHostHeader_IsRefusedBeforeTheApp()
    {
        using var evil = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example") });

        using var response = await evil.PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf("ava"), password = DeskApp.Password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "AllowedHosts names the desk's own host names only");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("accessToken"));
    }

    [Test]
    public async Task OpenCase_StatusUrl_IsBuiltFromPublicBaseUrlWhateverTheHost()
    {
        using var anyHost = new DeskApp(settings: new Dictionary<string, string>(Settings) { ["AllowedHosts"] = "*" });
        await anyHost.StartAsync();
        using var ava = await anyHost.ClientFor("ava");
        using var evil = anyHost.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example") });
        evil.DefaultRequestHeaders.Authorization = ava.DefaultRequestHeaders.Authorization;
        evil.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        var created = await anyHost.OpenCaseAsync(evil);

        var reference = created.GetProperty("reference").GetString();
        var code = created.GetProperty("accessCode").GetString();
        Assert.That(created.GetProperty("statusUrl").GetString(), Is.EqualTo($"https://desk.example.com/status/{reference}#code={Uri.EscapeDataString(code!)}"));
    }

    [TestCase(Proxy, true)]
    [TestCase("203.0.113.7", false)]
    public async Task CookieAndHsts_BehindTheKnownTlsProxyOnly(string peer, bool behindTheProxy)
    {
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = ClientAddress.From(peer, HttpMethod.Post, "/api/auth/login?useCookies=true", JsonContent.Create(new { email = DeskApp.EmailOf("cara"), password = DeskApp.Password }));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.23");

        using var login = await browser.SendAsync(request);

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("RecoveryDesk.Auth=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.That(attributes.Contains("secure"), Is.EqualTo(behindTheProxy), cookie);
        Assert.That(login.Headers.Contains("Strict-Transport-Security"), Is.EqualTo(behindTheProxy));
    }
}
