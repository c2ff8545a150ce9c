using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>A client that lost the answer to "open a case" retries with the same Idempotency-Key and creates nothing new.</summary>
public sealed class IdempotentCreateTests : ApiFixture
{
    [Test]
    public async Task Create_SameKeyAndBodyTwice_ReturnsTheFirstCaseBothTimesAndCreatesOne()
    {
        var subject = UniqueSubject("Retried after a timeout");
        var key = Guid.NewGuid().ToString();

        using var first = await CreateAsync(key, subject);
        using var second = await CreateAsync(key, subject);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), await second.Content.ReadAsStringAsync());
        var one = await first.ReadJsonAsync();
        var again = await second.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            foreach (var field in new[] { "id", "reference", "accessCode", "statusUrl", "version" })
            {
                Assert.That(again.GetProperty(field).ToString(), Is.EqualTo(one.GetProperty(field).ToString()), field);
            }

            Assert.That(await CountAsync(subject), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Create_SameKeyWithADifferentBody_Returns422AndCreatesNothingNew()
    {
        var subject = UniqueSubject("First request");
        var other = UniqueSubject("Another request");
        var key = Guid.NewGuid().ToString();
        using var first = await CreateAsync(key, subject);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var reused = await CreateAsync(key, other);

        var problem = await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Idempotency-Key"));
            Assert.That(await CountAsync(subject), Is.EqualTo(1));
            Assert.That(await CountAsync(other), Is.Zero);
        }
    }

    [Test]
    public async Task Create_SameKeyTenTimesAtOnce_CreatesOneCaseAndAnswersEachWithIt()
    {
        var subject = UniqueSubject("Double-clicked ten times");
        var key = Guid.NewGuid().ToString();
        var ava = await As("ava");

        var answers = await Race.RunAsync(10, async _ =>
        {
            using var response = await CreateAsync(key, subject, ava);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        });

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Created), () => string.Join("; ", answers.Select(a => a.Body)));
        var ids = answers.Select(a => JsonSerializer.Deserialize<JsonElement>(a.Body).GetProperty("id").GetGuid()).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids, Has.Count.EqualTo(1), "every retry is answered with the one case");
            Assert.That(await CountAsync(subject), Is.EqualTo(1));
        }
    }

    private async Task<HttpResponseMessage> CreateAsync(string key, string subject, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new
            {
                customer = new { name = "Tom Baker", phone = "+44 161 496 0000" },
                subject,
                description = "Charged twice for one order.",
                channel = "Web",
                priority = "P3",
                teamId = App.TeamIds["Billing"],
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await (client ?? await As("ava")).SendAsync(request);
    }

    private async Task<int> CountAsync(string subject)
    {
        var page = await (await As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases?q={Uri.EscapeDataString(subject)}");
        return page.GetProperty("total").GetInt32();
    }
}
