using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>Staff sign-in: passwords, lockout, deactivation, refresh tokens and the web pages' cookie.</summary>
public sealed class SignInTests : ApiFixture
{
    /// <summary>Ben is deactivated and accounts are locked here; the shared desk must not see that.</summary>
    protected override bool NeedsOwnDesk => true;

    [Test]
    public async Task Login_WithAWrongPassword_Returns401Problem()
    {
        var key = await NewAgentAsync();

        using var response = await LoginAsync(key, "Not-The-Password-2026!");

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That(problem.TryGetProperty("accessToken", out _), Is.False);
    }

    [Test]
    public async Task Login_WithAnUnknownEmail_Returns401Problem()
    {
        using var response = await Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "nobody@test.example", password = DeskApp.Password });

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Login_AfterFiveWrongPasswords_WaitsEvenWithTheRightPassword_ThenSignsIn()
    {
        var key = await NewAgentAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await LoginAsync(key, $"Wrong-Password-{attempt}!");
            await wrong.ProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var right = await LoginAsync(key, DeskApp.Password);

        var problem = await right.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(problem.TryGetProperty("accessToken", out _), Is.False, "a waiting sign-in gets no token");
        Assert.That(right.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        using var later = await LoginAsync(key, DeskApp.Password);
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no lockout: the wait ends");
    }

    [Test]
    public async Task Deactivate_Ben_HeCannotSignInAndHisTokensStopWorking()
    {
        using var login = await LoginAsync("ben", DeskApp.Password);
        var tokens = await login.ReadJsonAsync();
        using var ben = App.CreateClient();
        ben.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.That((await ben.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "Ben's token works before");
        var staged = await StageAsync(Stage.Owned);
        var before = await CaseTextAsync(staged.Id);

        using var deactivated = await (await As("ada")).PostAsync($"/api/staff/{App.StaffIds["ben"]}/deactivate", null);
        Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await deactivated.Content.ReadAsStringAsync());

        using var signIn = await LoginAsync("ben", DeskApp.Password);
        using var me = await ben.GetAsync("/api/me");
        using var list = await ben.GetAsync("/api/cases");
        using var read = await ben.GetAsync($"/api/cases/{staged.Id}");
        using var note = await ben.PostAsJsonAsync($"/api/cases/{staged.Id}/notes", new { text = "Written after I left." });
        using var refresh = await Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });

        await signIn.ProblemAsync(HttpStatusCode.Unauthorized);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (what, response) in new[] { ("me", me), ("list", list), ("read", read), ("note", note) })
            {
                Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), what);
            }

            Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the refresh token died with the account");
            Assert.That(await CaseTextAsync(staged.Id), Is.EqualTo(before), "the refused note changed nothing");
        }
    }

    [Test]
    public async Task Refresh_WithTheRefreshTokenFromLogin_ReturnsANewAccessTokenThatWorks()
    {
        using var login = await LoginAsync("ava", DeskApp.Password);
        var tokens = await login.ReadJsonAsync();
        Assert.That(tokens.GetProperty("tokenType").GetString(), Is.EqualTo("Bearer"));

        using var refresh = await Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });

        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.OK), await refresh.Content.ReadAsStringAsync());
        var renewed = await refresh.ReadJsonAsync();
        var accessToken = renewed.GetProperty("accessToken").GetString();
        Assert.That(accessToken, Is.Not.Empty);
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("id").GetGuid(), Is.EqualTo(App.StaffIds["ava"]));
    }

    [Test]
    public async Task Refresh_WithAForgedToken_Returns401()
    {
        using var refresh = await Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "CfDJ8-not-a-real-token" });

        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Login_WithUseCookies_SetsTheSignInCookieThatAuthenticatesApiMe()
    {
        using var browser = App.CreateClient();

        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf("cara"), password = DeskApp.Password });

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        Assert.That(login.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], Has.Some.StartsWith("RecoveryDesk.Auth=").And.Some.Contains("httponly"));
        Assert.That(browser.DefaultRequestHeaders.Authorization, Is.Null, "no bearer token: only the cookie signs in");
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(me.GetProperty("id").GetGuid(), Is.EqualTo(App.StaffIds["cara"]));
            Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Cara Lindqvist"));
            Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(DeskApp.EmailOf("cara")));
        }
    }

    private async Task<HttpResponseMessage> LoginAsync(string key, string password) =>
        await Anonymous().PostAsJsonAsync("/api/auth/login", new { email = DeskApp.EmailOf(key), password });

    [Test]
    public async Task RemovedFromTeam_WhileSignedIn_TheNextRequestNoLongerSeesTheTeam()
    {
        var key = await NewAgentAsync();
        var agent = await As(key);
        var waiting = await StageAsync(Stage.New);
        using var before = await agent.GetAsync("/api/queue");
        Assert.That((await before.ReadJsonAsync()).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()), Has.Member(waiting.Id), "in Front Line's queue (and known to the service)");

        using var removed = await (await As("ada")).DeleteAsync($"/api/teams/{App.TeamIds["Front Line"]}/members/{App.StaffIds[key]}");
        Assert.That(removed.IsSuccessStatusCode, Is.True, await removed.Content.ReadAsStringAsync());

        using var after = await agent.GetAsync("/api/queue");
        using var claim = await agent.PostAsync($"/api/cases/{waiting.Id}/claim", null);
        Assert.That((await after.ReadJsonAsync()).GetArrayLength(), Is.Zero);
        await claim.ProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<string> NewAgentAsync()
    {
        var key = $"agent-{Guid.NewGuid():N}";
        await App.AddAgentAsync(key, "Lena Lockwood", "Front Line");
        return key;
    }
}
