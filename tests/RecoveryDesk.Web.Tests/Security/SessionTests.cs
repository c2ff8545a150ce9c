using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using RecoveryDesk.Web.Tests.Api;
using RecoveryDesk.Web.Tests.Hubs;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>Sessions the server can end: logout revokes tokens, refresh tokens and cookies; refresh tokens are single-use.</summary>
public sealed class SessionTests : SecurityFixture
{
    [Test]
    public async Task Logout_EndsEveryAccessTokenRefreshTokenAndCookieOfThatPerson()
    {
        var key = await NewAgentAsync();
        var here = await LoginAsync(key);
        var otherDevice = await LoginAsync(key);
        var cookie = await CookieLoginAsync(key);
        using var colleague = await App.ClientFor("ava");
        Assert.That((await MeAsync(here.AccessToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "works before");
        Assert.That((await MeWithCookieAsync(cookie)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie works before");

        using var logout = await WithToken(here.AccessToken).PostAsync("/api/auth/logout", null);

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await MeAsync(here.AccessToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the access token");
            Assert.That((await RefreshAsync(here.RefreshToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the refresh token");
            Assert.That((await MeAsync(otherDevice.AccessToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another device's token");
            Assert.That((await RefreshAsync(otherDevice.RefreshToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another device's refresh token");
            Assert.That((await MeWithCookieAsync(cookie)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a cookie issued before, replayed");
            Assert.That((await colleague.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a colleague stays signed in");
            Assert.That((await LoginAsync(key)).AccessToken, Is.Not.Empty, "signing in again works");
        }
    }

    [Test]
    public async Task CookieLogout_ReplayingTheOldCookie_IsRefused()
    {
        var key = await NewAgentAsync();
        var cookie = await CookieLoginAsync(key);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", cookie);
        logout.Headers.Add("X-RecoveryDesk-Request", "1");
        using var loggedOut = await Browser().SendAsync(logout);

        Assert.That(loggedOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await MeWithCookieAsync(cookie)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Cookie_AfterIdentityRevalidatesIt_StaysInItsSession()
    {
        var key = await NewAgentAsync();
        var cookie = await CookieLoginAsync(key);

        // Past the security stamp's re-validation interval (30 minutes), within the cookie's 10 hours.
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        using var revalidated = await Browser().SendAsync(request);
        var renewed = revalidated.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.Single(c => c.StartsWith("RecoveryDesk.Auth=", StringComparison.Ordinal)).Split(';')[0]
            : cookie;

        Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await MeWithCookieAsync(renewed)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the re-issued cookie still names its session");
    }

    [Test]
    public async Task Refresh_RotatesTheRefreshToken_AndEachWorksOnce()
    {
        var key = await NewAgentAsync();
        var first = await LoginAsync(key);

        var second = await RefreshOkAsync(first.RefreshToken);
        var third = await RefreshOkAsync(second.RefreshToken);

        Assert.That(second.RefreshToken, Is.Not.EqualTo(first.RefreshToken), "a new refresh token each time");
        Assert.That((await MeAsync(third.AccessToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await RefreshAsync(second.RefreshToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a used refresh token");
    }

    [Test]
    public async Task Refresh_AReusedToken_RevokesTheWholeSessionButNoOther()
    {
        var key = await NewAgentAsync();
        var stolen = await LoginAsync(key);
        var elsewhere = await LoginAsync(key);
        var renewed = await RefreshOkAsync(stolen.RefreshToken);

        using var replay = await RefreshAsync(stolen.RefreshToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await RefreshAsync(renewed.RefreshToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the session's live refresh token died too");
            Assert.That((await MeAsync(renewed.AccessToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "and its access token");
            Assert.That((await MeAsync(elsewhere.AccessToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another sign-in is not affected");
        }
    }

    [Test]
    public async Task Logout_ClosesThatPersonsLiveConnections()
    {
        var key = await NewAgentAsync();
        await using var console = await LiveClient.DeskAsync(App, key);
        var here = await LoginAsync(key);

        using var logout = await WithToken(here.AccessToken).PostAsync("/api/auth/logout", null);

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var closed = await Task.WhenAny(console.Closed, Task.Delay(LiveClient.Patience));
        Assert.That(closed, Is.SameAs(console.Closed), "the console's connection is closed by the server");
    }

    private async Task<string> NewAgentAsync()
    {
        var key = $"agent-{Guid.NewGuid():N}";
        await App.AddAgentAsync(key, "Lena Lockwood", "Front Line");
        return key;
    }

    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private HttpClient WithToken(string accessToken)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private async Task<Tokens> LoginAsync(string key)
    {
        using var login = await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf(key), password = DeskApp.Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        return Tokens.From(await login.ReadJsonAsync());
    }

    private async Task<string> CookieLoginAsync(string key)
    {
        using var login = await Browser().PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf(key), password = DeskApp.Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("RecoveryDesk.Auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpResponseMessage> MeAsync(string accessToken) => await WithToken(accessToken).GetAsync("/api/me");

    private async Task<HttpResponseMessage> MeWithCookieAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        return await Browser().SendAsync(request);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private async Task<Tokens> RefreshOkAsync(string refreshToken)
    {
        using var response = await RefreshAsync(refreshToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return Tokens.From(await response.ReadJsonAsync());
    }

    private sealed record Tokens(string AccessToken, string RefreshToken)
    {
        public static Tokens From(JsonElement body) =>
            new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }
}
