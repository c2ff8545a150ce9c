using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>
/// Sign-in tells nobody who has an account: unknown, wrong-password and inactive accounts get the same
/// bytes after the same work, and failures slow down one email from one address without locking anyone out.
/// </summary>
public sealed class SignInRefusalTests : SecurityFixture
{
    private readonly CountingHasher _hasher = new();

    protected override void Services(IServiceCollection services)
    {
        base.Services(services);
        services.AddSingleton<IPasswordHasher<StaffMember>>(_hasher);
    }

    [Test]
    public async Task UnknownEmail_WrongPassword_InactiveAccount_SameWorkAndSameAnswer()
    {
        var wrong = await NewAgentAsync();
        var inactive = await NewAgentAsync();
        using var ada = await App.ClientFor("ada");
        using var deactivated = await ada.PostAsync($"/api/staff/{App.StaffIds[inactive]}/deactivate", null);
        Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var unknown = await AttemptAsync("192.0.2.1", "nobody-here@test.example", DeskApp.Password);
        var wrongPassword = await AttemptAsync("192.0.2.1", DeskApp.EmailOf(wrong), "Not-The-Password-2026!");
        var inactiveAccount = await AttemptAsync("192.0.2.1", DeskApp.EmailOf(inactive), DeskApp.Password);

        using (Assert.EnterMultipleScope())
        {
            foreach (var (what, attempt) in new[] { ("unknown", unknown), ("wrong password", wrongPassword), ("inactive", inactiveAccount) })
            {
                Assert.That(attempt.Status, Is.EqualTo(HttpStatusCode.Unauthorized), what);
                Assert.That(attempt.HashChecks, Is.EqualTo(1), $"{what}: one password hash check, like every other refusal");
                Assert.That(attempt.Body, Is.EqualTo(unknown.Body), what);
                Assert.That(attempt.SetsCookie, Is.False, what);
            }
        }
    }

    [Test]
    public async Task FiveFailures_SlowDownThatEmailFromThatAddressAlike_WhetherOrNotTheAccountExists()
    {
        var real = await NewAgentAsync();
        const string Nobody = "nobody-else@test.example";
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.That((await AttemptAsync("192.0.2.2", DeskApp.EmailOf(real), $"Wrong-{attempt}-Password!")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await AttemptAsync("192.0.2.2", Nobody, $"Wrong-{attempt}-Password!")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var realAccount = await AttemptAsync("192.0.2.2", DeskApp.EmailOf(real), DeskApp.Password);
        var noAccount = await AttemptAsync("192.0.2.2", Nobody, DeskApp.Password);

        Assert.That(realAccount.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(realAccount.Body, Is.EqualTo(noAccount.Body), "the wait says nothing about who has an account");
        Assert.That(realAccount.RetryAfter, Is.EqualTo(noAccount.RetryAfter));
        Assert.That(realAccount.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(realAccount.HashChecks, Is.EqualTo(noAccount.HashChecks));
    }

    [Test]
    public async Task SomeoneGuessingAColleaguesPassword_NeverKeepsTheColleagueFromTheirDesk()
    {
        var colleague = await NewAgentAsync();
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            // Each guess waits out the delay the one before it earned.
            App.Clock.Advance(TimeSpan.FromMinutes(15));
            Assert.That((await AttemptAsync("198.51.100.66", DeskApp.EmailOf(colleague), $"Guess-{attempt}-Password!")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var fromTheirDesk = await AttemptAsync("203.0.113.10", DeskApp.EmailOf(colleague), DeskApp.Password);
        var fromTheGuesser = await AttemptAsync("198.51.100.66", DeskApp.EmailOf(colleague), "Guess-13-Password!");

        Assert.That(fromTheirDesk.Status, Is.EqualTo(HttpStatusCode.OK), "another address is not slowed down");
        Assert.That(fromTheGuesser.Status, Is.EqualTo(HttpStatusCode.TooManyRequests), "the guesser waits");
        Assert.That(fromTheGuesser.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(15)), "the wait grows to at most 15 minutes");
    }

    [Test]
    public async Task TheWait_GrowsWithEachFailure_AndEndsWithTheRightPassword()
    {
        var key = await NewAgentAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await AttemptAsync("192.0.2.3", DeskApp.EmailOf(key), $"Wrong-{attempt}-Password!");
        }

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var sixth = await AttemptAsync("192.0.2.3", DeskApp.EmailOf(key), "Wrong-6-Password!");
        var waiting = await AttemptAsync("192.0.2.3", DeskApp.EmailOf(key), DeskApp.Password);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await AttemptAsync("192.0.2.3", DeskApp.EmailOf(key), DeskApp.Password);
        var again = await AttemptAsync("192.0.2.3", DeskApp.EmailOf(key), "Wrong-7-Password!");

        Assert.That(sixth.Status, Is.EqualTo(HttpStatusCode.Unauthorized), "after the first wait, one more try");
        Assert.That(waiting.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)), "the wait doubles");
        Assert.That(waiting.HashChecks, Is.Zero, "a waiting attempt is not checked at all");
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Unauthorized), "a success clears the count");
    }

    private async Task<string> NewAgentAsync()
    {
        var key = $"agent-{Guid.NewGuid():N}";
        await App.AddAgentAsync(key, "Lena Lockwood", "Front Line");
        return key;
    }

    private async Task<Attempt> AttemptAsync(string address, string email, string password)
    {
        using var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = ClientAddress.From(address, HttpMethod.Post, "/api/auth/login?useCookies=true", JsonContent.Create(new { email, password }));
        var before = _hasher.Verifications;
        using var response = await client.SendAsync(request);
        var checks = _hasher.Verifications - before;
        var text = await response.Content.ReadAsStringAsync();
        var body = response.IsSuccessStatusCode ? text : RemoveTraceId(text);
        return new Attempt(response.StatusCode, body, checks, response.Headers.Contains("Set-Cookie"), response.Headers.RetryAfter?.Delta);
    }

    private static string RemoveTraceId(string problem)
    {
        var body = JsonNode.Parse(problem)!.AsObject();
        body.Remove("traceId");
        return body.ToJsonString();
    }

    private sealed record Attempt(HttpStatusCode Status, string Body, int HashChecks, bool SetsCookie, TimeSpan? RetryAfter);

    /// <summary>The desk's hasher, counting its checks (the slow part whose absence told who had an account).</summary>
    private sealed class CountingHasher : PasswordHasher<StaffMember>
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public override PasswordVerificationResult VerifyHashedPassword(StaffMember user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
