using System.Net;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>Fifty agents click "claim" on the same case at the same moment, each over their own connection.</summary>
public sealed class ClaimRaceTests : ApiFixture
{
    private const int Contenders = 50;

    [Test]
    public async Task Claim_By50AgentsAtOnceOverHttp_OneWinsAnd49AreToldWhoGotIt()
    {
        var ids = new List<Guid>();
        var names = new Dictionary<Guid, string>();
        var clients = new List<HttpClient>();
        try
        {
            // Each agent signs in while the next one is created: both hash a password, so overlapping them halves the wait.
            var signIns = new List<Task<HttpClient>>();
            for (var i = 1; i <= Contenders; i++)
            {
                var name = $"Claimant {i:00}";
                var id = await App.AddAgentAsync($"claimant{i:00}", name, "Front Line");
                ids.Add(id);
                names[id] = name;
                signIns.Add(App.ClientFor($"claimant{i:00}"));
            }

            clients.AddRange(await Task.WhenAll(signIns));
            var staged = await OpenAsync();

            var results = await Race.RunAsync(Contenders, async i =>
            {
                using var response = await clients[i].PostAsync($"/api/cases/{staged.Id}/claim", null);
                return new ClaimResult(i, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
            });

            var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
            Assert.That(winners, Has.Count.EqualTo(1), () => string.Join("; ", results.Select(r => $"{(int)r.Status} {r.Body}").Distinct()));
            var final = await CaseAsync(staged.Id);
            var winnerId = final.GetProperty("ownerId").GetGuid();
            var winnerName = names[winnerId];
            var losers = results.Where(r => r.Status != HttpStatusCode.OK).ToList();
            var timeline = await TimelineAsync(staged.Id);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(ids[winners[0].Index], Is.EqualTo(winnerId), "the one who got 200 is the owner");
                Assert.That(losers, Has.Count.EqualTo(Contenders - 1));
                Assert.That(losers.Select(l => l.Status), Is.All.EqualTo(HttpStatusCode.Conflict));
                Assert.That(losers.Select(l => l.ContentType), Is.All.EqualTo("application/problem+json"));
                Assert.That(losers.Select(l => Detail(l.Body)), Has.All.Contains(winnerName));
                Assert.That(losers.Select(l => Detail(l.Body)), Has.All.Contains("claimed this case a moment ago"));
                Assert.That(final.GetProperty("ownerName").GetString(), Is.EqualTo(winnerName));
                Assert.That(final.GetProperty("status").GetString(), Is.EqualTo("Open"));
                Assert.That(final.GetProperty("version").GetInt32(), Is.EqualTo(staged.Version + 1));
                Assert.That(timeline.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "Claimed"), Is.EqualTo(1));
                Assert.That(timeline.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Claimed").GetProperty("actorId").GetGuid(), Is.EqualTo(winnerId));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static string Detail(string problem) =>
        JsonSerializer.Deserialize<JsonElement>(problem).GetProperty("detail").GetString() ?? string.Empty;

    private sealed record ClaimResult(int Index, HttpStatusCode Status, string? ContentType, string Body);
}
