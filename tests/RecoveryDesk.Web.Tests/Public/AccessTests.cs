using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>A reference and a code are enough to get in, and guessing either gets nowhere.</summary>
public sealed class AccessTests : CustomerDesk
{
    /// <summary>The shipped limits: 20 a minute per client address, 10 a minute per reference.</summary>
    // The limits as shipped in appsettings.json.
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:CustomerPerAddressPerMinute"] = "20",
        ["RateLimits:CustomerPerReferencePerMinute"] = "10",
    };

    [Test]
    public async Task UnknownReferenceAndWrongCode_GetTheSameNotFound()
    {
        var link = await OpenAsync();
        var unknown = link.Reference == "RD-234567" ? "RD-234568" : "RD-234567";
        using var wrongCode = await GetAsync(link.Reference, link.AccessCode + "x");
        using var noSuchCase = await GetAsync(unknown, link.AccessCode);
        using var noCode = await GetAsync(link.Reference, null);
        using var nonsense = await GetAsync("not-a-reference", "x");
        using var wrongCodeWrite = await PostAsync(link.Reference, "guess", "messages", new { text = "hello" });

        var bodies = new List<string>();
        foreach (var response in new[] { wrongCode, noSuchCase, noCode, nonsense, wrongCodeWrite })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.That(body.Remove("traceId"), Is.True);
            bodies.Add(body.ToJsonString());
        }

        Assert.That(bodies.Distinct(), Is.EqualTo(new[] { bodies[0] }), "one answer for every way of not matching");
        Assert.That(bodies[0], Does.Contain("No case matches that reference and access code."));
        Assert.That(bodies[0], Does.Not.Contain(link.Reference).And.Not.Contain(unknown));
    }

    [Test]
    public async Task Reference_TypedLooselyWithTheRightCode_Opens()
    {
        var link = await OpenAsync();
        var loose = link.Reference.Replace("RD-", "rd ", StringComparison.Ordinal).ToLowerInvariant();
        using var response = await GetAsync(Uri.EscapeDataString(loose), link.AccessCode);
        var view = await OkAsync(response);
        Assert.That(view.GetProperty("reference").GetString(), Is.EqualTo(link.Reference));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task ManyWrongCodes_ForOneReference_AreRateLimitedWithRetryAfter()
    {
        var link = await OpenAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12 && limited is null; i++)
        {
            var response = await GetAsync(link.Reference, $"guess-{i}");
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

        Assert.That(limited, Is.Not.Null, $"never limited: {string.Join(", ", statuses)}");
        using (limited)
        {
            var problem = JsonDocument.Parse(await limited!.Content.ReadAsStringAsync()).RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(statuses.Take(10), Is.All.EqualTo(HttpStatusCode.NotFound));
                Assert.That(statuses.Count, Is.EqualTo(11), "the 11th attempt on one reference within a minute is refused");
                Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
                Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
            });
        }

        // Only wrong answers are counted and refused: the customer's own code still opens the case.
        using var rightCode = await GetAsync(link.Reference, link.AccessCode);
        Assert.That(rightCode.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ManyReferences_FromOneAddress_AreRateLimited()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            using var response = await GetAsync($"RD-23456{"23456789"[i % 8]}", $"guess-{i}");
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses.Take(20), Is.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(statuses[20], Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task StaffRoutes_AreNotLimitedByTheCustomerLimits()
    {
        for (var i = 0; i < 25; i++)
        {
            using var response = await Ava.GetAsync("/api/queue");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }
}
