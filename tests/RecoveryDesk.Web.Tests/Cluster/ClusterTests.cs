using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using RecoveryDesk.Web.Tests.Api;
using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>Two instances of one desk on PostgreSQL and Redis: whatever instance a request or a console reaches, the desk behaves as one.</summary>
public sealed class ClusterTests
{
    private ClusterDesk _cluster = null!;

    [OneTimeSetUp]
    public async Task StartCluster() =>
        _cluster = await ClusterDesk.StartAsync(2, new Dictionary<string, string> { ["RateLimits:CustomerPerReferencePerMinute"] = "10" });

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    public async Task OpenCase_ThroughB_IsHeardByAConsoleConnectedToA()
    {
        await using var ben = await LiveClient.DeskAsync(_cluster.A, "ben");
        using var ava = await _cluster.B.ClientFor("ava");

        var created = await _cluster.B.OpenCaseAsync(ava, subject: "Heard across instances");

        await ben.WaitForAsync(created.GetProperty("id").GetGuid(), "CaseOpened");
    }

    [Test]
    public async Task Presence_ConsolesOnAAndB_HearArrivalTypingAndDeparture()
    {
        using var ava = await _cluster.A.ClientFor("ava");
        var caseId = (await _cluster.A.OpenCaseAsync(ava, subject: "Open on both instances")).GetProperty("id").GetGuid();
        await using var onA = await LiveClient.DeskAsync(_cluster.A, "ava");
        var onB = await LiveClient.DeskAsync(_cluster.B, "ben");
        await onA.Connection.InvokeAsync("ViewCase", caseId);

        await onB.Connection.InvokeAsync("ViewCase", caseId);
        await onA.WaitForPresenceAsync(caseId, _cluster.A.StaffIds["ben"], "Arrived");
        await onA.Connection.InvokeAsync("Typing", caseId);
        await onB.WaitForPresenceAsync(caseId, _cluster.A.StaffIds["ava"], "Typing");
        await onB.DisposeAsync();

        await onA.WaitForPresenceAsync(caseId, _cluster.A.StaffIds["ben"], "Left");
    }

    [Test]
    public async Task BearerToken_IssuedByA_IsAcceptedByB()
    {
        var token = await _cluster.A.TokenFor("cara");
        using var onB = _cluster.B.CreateClient();
        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var me = await onB.GetAsync("/api/me");

        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RemovedMembership_ThroughA_AppliesOnBAtTheNextRequest()
    {
        var tess = await _cluster.A.AddAgentAsync("tess", "Tess Marlow", "Front Line");
        using var tessOnB = await _cluster.B.ClientFor("tess");
        using var ava = await _cluster.A.ClientFor("ava");
        var first = (await _cluster.A.OpenCaseAsync(ava, subject: "Claimed while a member")).GetProperty("id").GetGuid();
        var second = (await _cluster.A.OpenCaseAsync(ava, subject: "Claimed after leaving")).GetProperty("id").GetGuid();
        // B now knows Tess as a member of Front Line.
        Assert.That((await tessOnB.PostAsync($"/api/cases/{first}/claim", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var ada = await _cluster.A.ClientFor("ada");
        var removed = await ada.DeleteAsync($"/api/teams/{_cluster.A.TeamIds["Front Line"]}/members/{tess}");
        Assert.That(removed.IsSuccessStatusCode, removed.ToString());

        var claim = await tessOnB.PostAsync($"/api/cases/{second}/claim", null);
        Assert.That(claim.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task AddedMembership_ThroughA_BringsTheTeamsCasesToAConsoleOnB()
    {
        var vic = await _cluster.A.AddAgentAsync("vic", "Vic Laine", "Front Line");
        await using var console = await LiveClient.DeskAsync(_cluster.B, "vic");
        using var ada = await _cluster.A.ClientFor("ada");

        var added = await ada.PutAsync($"/api/teams/{_cluster.A.TeamIds["Billing"]}/members/{vic}", null);
        Assert.That(added.IsSuccessStatusCode, added.ToString());
        using var dan = await _cluster.A.ClientFor("dan");
        var created = await _cluster.A.OpenCaseAsync(dan, team: "Billing", subject: "For the new member");

        await console.WaitForAsync(created.GetProperty("id").GetGuid(), "CaseOpened");
    }

    [Test]
    public async Task GuessingOneReference_ThroughAAndBInTurn_Meets429AtTheSameCountAsThroughOne()
    {
        using var ava = await _cluster.A.ClientFor("ava");
        var reference = (await _cluster.A.OpenCaseAsync(ava, subject: "Guessed at")).GetProperty("reference").GetString();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var customer = _cluster.Instances[i % 2].CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{reference}");
            request.Headers.Add("X-Access-Code", $"guess-{i}");
            using var guess = await customer.SendAsync(request);
            statuses.Add(guess.StatusCode);
        }

        Assert.That(statuses.Take(10), Is.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(statuses[10], Is.EqualTo(HttpStatusCode.TooManyRequests), "the 11th wrong code, as on one instance");
    }

    [Test]
    public async Task WrongPasswords_ThroughAAndBInTurn_SlowTheEmailAsThroughOne()
    {
        var email = $"guessed-{Guid.NewGuid():N}@test.example";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var client = _cluster.Instances[i % 2].CreateClient();
            using var attempt = await client.PostAsJsonAsync("/api/auth/login", new { email, password = $"Wrong-Password-{i}!" });
            statuses.Add(attempt.StatusCode);
        }

        Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses[5], Is.EqualTo(HttpStatusCode.TooManyRequests), "after five failures, wherever they were counted");
    }

    [Test]
    public async Task Ready_OnEveryInstance_CoversTheDatabaseAndRedis()
    {
        foreach (var instance in _cluster.Instances)
        {
            using var client = instance.CreateClient();
            using var ready = await client.GetAsync("/health/ready");

            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Claim_ByTwelveAgentsSpreadOverBothInstancesAtOnce_ExactlyOneOwns()
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < 12; i++)
        {
            await _cluster.A.AddAgentAsync($"claimant{i}", $"Claimant {i}", "Front Line");
            clients.Add(await _cluster.Instances[i % 2].ClientFor($"claimant{i}"));
        }

        using var ava = await _cluster.A.ClientFor("ava");
        var caseId = (await _cluster.A.OpenCaseAsync(ava, subject: "Claimed from everywhere")).GetProperty("id").GetGuid();

        var statuses = await Race.RunAsync(clients.Count, async i =>
        {
            using var claim = await clients[i].PostAsync($"/api/cases/{caseId}/claim", null);
            return claim.StatusCode;
        });

        var detail = await (await ava.GetAsync($"/api/cases/{caseId}")).Content.ReadFromJsonAsync<JsonElement>();
        var winner = Array.IndexOf(statuses, HttpStatusCode.OK);
        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), string.Join(", ", statuses));
        Assert.That(statuses.Where(s => s != HttpStatusCode.OK), Is.All.EqualTo(HttpStatusCode.Conflict));
        Assert.That(detail.GetProperty("ownerId").GetGuid(), Is.EqualTo(_cluster.A.StaffIds[$"claimant{winner}"]));
        clients.ForEach(c => c.Dispose());
    }

    [Test]
    public async Task OfferedAssignment_CasesOpenedThroughBothInstancesAtOnce_AreOfferedWithinCapacity_AndEachOwnedOnce()
    {
        const int agents = 6;
        const int capacity = 4; // P3 weighs 2: two offers each, twelve in all
        using var ada = await _cluster.A.ClientFor("ada");
        var team = $"Cluster offers {Guid.NewGuid():N}"[..24];
        using var created = await ada.PostAsJsonAsync("/api/teams", new { name = team });
        var teamId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var instance in _cluster.Instances)
        {
            instance.TeamIds[team] = teamId;
        }

        var keys = new List<string>();
        for (var i = 0; i < agents; i++)
        {
            keys.Add($"offered{i}");
            await _cluster.A.AddAgentAsync(keys[i], $"Offered Agent {i}", team);
        }

        using var sam = await _cluster.B.ClientFor("sam");
        (await sam.PutAsJsonAsync($"/api/teams/{teamId}/assignment", new { mode = "Offered", capacity })).EnsureSuccessStatusCode();
        using var onA = await _cluster.A.ClientFor("ava");
        using var onB = await _cluster.B.ClientFor("ava");
        var opened = await Race.RunAsync(20, async i =>
            (await _cluster.Instances[i % 2].OpenCaseAsync(i % 2 == 0 ? onA : onB, team, $"Offered across instances {i}", "P3")).GetProperty("id").GetGuid());

        async Task<JsonElement[]> ReadAll() => await Task.WhenAll(opened.Select(async id => await sam.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")));
        var decided = await Support.Eventually.Until(
            ReadAll,
            cases => cases.All(c => c.GetProperty("pendingHandoff").ValueKind == JsonValueKind.Object || c.GetProperty("version").GetInt32() > 1),
            "every case offered or left in the queue",
            timeoutSeconds: 60);
        var offers = decided.Where(c => c.GetProperty("pendingHandoff").ValueKind == JsonValueKind.Object)
            .Select(c => (CaseId: c.GetProperty("id").GetGuid(), Offer: c.GetProperty("pendingHandoff")))
            .ToList();
        var perAgent = offers.GroupBy(o => o.Offer.GetProperty("toAgentId").GetGuid()).Select(g => g.Count()).ToList();
        Assert.That(offers, Has.Count.EqualTo(agents * capacity / 2));
        Assert.That(perAgent, Has.All.LessThanOrEqualTo(capacity / 2));

        var accepts = await Race.RunAsync(offers.Count, async i =>
        {
            var (caseId, offer) = offers[i];
            var key = keys.Single(k => _cluster.A.StaffIds[k] == offer.GetProperty("toAgentId").GetGuid());
            using var client = await _cluster.Instances[i % 2].ClientFor(key);
            using var accepted = await client.PostAsync($"/api/cases/{caseId}/handoffs/{offer.GetProperty("id").GetGuid()}/accept", null);
            return accepted.StatusCode;
        });
        var owners = (await ReadAll()).Where(c => c.GetProperty("ownerId").ValueKind != JsonValueKind.Null).Select(c => c.GetProperty("ownerId").GetGuid()).ToList();
        Assert.That(accepts, Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(owners, Has.Count.EqualTo(offers.Count));
        Assert.That(owners.GroupBy(o => o).Select(g => g.Count()), Has.All.LessThanOrEqualTo(capacity / 2));
    }
}
