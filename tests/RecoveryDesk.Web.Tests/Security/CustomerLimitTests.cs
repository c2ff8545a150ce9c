using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Web.Hubs;
using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>
/// The customers' limits count failed lookups per reference and per address, shared by the public
/// routes and the status hub; a customer presenting the right code is never counted and never refused.
/// </summary>
public sealed class CustomerLimitTests : SecurityFixture
{
    private readonly CapturedLogs _logs = new();

    // The limits as shipped in appsettings.json.
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:CustomerPerAddressPerMinute"] = "20",
        ["RateLimits:CustomerPerReferencePerMinute"] = "10",
    };

    protected override void Services(IServiceCollection services)
    {
        base.Services(services);
        services.AddSingleton<ILoggerProvider>(_logs);
    }

    [Test]
    public async Task WrongCodesFromAnywhere_LockTheReference_ButTheRightCodeStillOpensAndWrites()
    {
        var (reference, code) = await OpenAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var guess = await LookUpAsync($"198.51.100.{i + 1}", reference, $"guess-{i}");
            statuses.Add(guess.StatusCode);
            if (i == 10)
            {
                Assert.That(guess.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
                Assert.That(guess.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            }
        }

        using var right = await LookUpAsync("203.0.113.50", reference, code);
        using var message = await SendAsync("203.0.113.50", reference, code, "messages", new { text = "Is there any news?" });

        Assert.That(statuses.Take(10), Is.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(statuses[10], Is.EqualTo(HttpStatusCode.TooManyRequests), "the 11th wrong code for one reference within a minute");
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the customer's own code opens the locked reference");
        Assert.That(message.StatusCode, Is.EqualTo(HttpStatusCode.OK), await message.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ACustomerUsingThePageNormally_IsNeverLimited()
    {
        var (reference, code) = await OpenAsync();
        await using var page = await LiveClient.StatusAsync(App);
        var statuses = new List<HttpStatusCode>();

        // Open, watch, write three messages re-reading after each, reload twice: far more than the limits, all right.
        for (var reload = 0; reload < 3; reload++)
        {
            using var view = await LookUpAsync("203.0.113.60", reference, code);
            statuses.Add(view.StatusCode);
            await page.Connection.InvokeAsync<JsonElement>("Watch", reference, code);
            for (var i = 0; i < 3; i++)
            {
                using var sent = await SendAsync("203.0.113.60", reference, code, "messages", new { text = $"Message {reload}.{i}" });
                using var reread = await LookUpAsync("203.0.113.60", reference, code);
                statuses.AddRange([sent.StatusCode, reread.StatusCode]);
            }
        }

        Assert.That(statuses, Has.Count.GreaterThan(20));
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ManyWrongLookupsFromOneAddress_AreLimited_OtherAddressesAreNot()
    {
        var (reference, code) = await OpenAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            using var guess = await LookUpAsync("192.0.2.99", $"RD-23456{"23456789"[i % 8]}", $"guess-{i}");
            statuses.Add(guess.StatusCode);
        }

        using var elsewhere = await LookUpAsync("192.0.2.100", "RD-234567", "guess");
        using var right = await LookUpAsync("192.0.2.99", reference, code);

        Assert.That(statuses.Take(20), Is.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(statuses[20], Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the limit is per address");
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right code opens even from the limited address");
    }

    [Test]
    public async Task Watch_SharesTheHttpLimits_AndTheRightCodeStillOpens()
    {
        var (reference, code) = await OpenAsync();
        for (var i = 0; i < 10; i++)
        {
            using var guess = await LookUpAsync($"198.51.100.{i + 1}", reference, $"guess-{i}");
            Assert.That(guess.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        await using var guesser = await LiveClient.StatusAsync(App);
        await using var customer = await LiveClient.StatusAsync(App);
        var refused = Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", reference, "guess-over-http-limit"));
        var view = await customer.Connection.InvokeAsync<JsonElement>("Watch", reference, code);

        Assert.That(refused!.Message, Does.EndWith(StatusHub.TooManyAttempts));
        Assert.That(view.GetProperty("reference").GetString(), Is.EqualTo(reference));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterAMinute = Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", reference, "guess-later"));
        Assert.That(afterAMinute!.Message, Does.EndWith(PublicCaseAccess.Refusal), "the count starts again after the window");
    }

    [Test]
    public async Task RefusedWatch_IsLoggedOnceAtInformation_WithoutStackTraceOrCode()
    {
        var (reference, _) = await OpenAsync();
        await using var guesser = await LiveClient.StatusAsync(App);
        const string Guess = "wrong-code-4f1c9a";
        var before = _logs.Entries.Count;

        Assert.ThrowsAsync<HubException>(() => guesser.Connection.InvokeAsync<JsonElement>("Watch", reference, Guess));

        var written = _logs.Entries.Skip(before).ToList();
        var refusals = written.Where(e => e.Message.Contains("Refused a customer's watch", StringComparison.Ordinal)).ToList();
        Assert.That(refusals, Has.Count.EqualTo(1), string.Join("\n", written));
        Assert.That(refusals[0].Level, Is.EqualTo(LogLevel.Information));
        Assert.That(refusals[0].Message, Does.Contain(reference));
        Assert.That(written.Where(e => e.Exception is not null || e.Level >= LogLevel.Warning), Is.Empty, string.Join("\n", written));
        Assert.That(written.Select(e => e.Message), Has.None.Contains(Guess), "the code is never logged");
    }

    private async Task<(string Reference, string Code)> OpenAsync()
    {
        using var ava = await App.ClientFor("ava");
        var opened = await App.OpenCaseAsync(ava);
        return (opened.GetProperty("reference").GetString()!, opened.GetProperty("accessCode").GetString()!);
    }

    private async Task<HttpResponseMessage> LookUpAsync(string address, string reference, string code) =>
        await SendAsync(address, reference, code, null, null);

    private async Task<HttpResponseMessage> SendAsync(string address, string reference, string code, string? action, object? body)
    {
        using var client = App.CreateClient();
        var path = $"/api/public/cases/{reference}{(action is null ? string.Empty : $"/{action}")}";
        using var request = ClientAddress.From(address, body is null ? HttpMethod.Get : HttpMethod.Post, path, body is null ? null : JsonContent.Create(body));
        request.Headers.Add("X-Access-Code", code);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
