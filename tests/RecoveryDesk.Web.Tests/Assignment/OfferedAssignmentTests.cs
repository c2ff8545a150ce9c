using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Api;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Assignment;

/// <summary>
/// Offered assignment over the real HTTP stack and the real timers: each test has a team of its own, so the
/// offers it watches are its own; the desk is this fixture's own because the cover tests move the clock.
/// </summary>
public sealed class OfferedAssignmentTests : ApiFixture
{
    protected override bool NeedsOwnDesk => true;

    [Test]
    public async Task NewCase_InOfferedTeam_IsOfferedToTheLeastLoaded_AndOwnershipMovesOnlyOnAccept()
    {
        var team = await TeamAsync(3);
        // The first agent already owns a case: the offer goes to one of the others.
        var earlier = await OpenInAsync(team, team.Keys[0]);
        await StepAsync(team.Keys[0], earlier, "claim");
        await OfferedModeAsync(team);

        var @case = await OpenInAsync(team, Owner);
        var offer = await PendingOfferAsync(@case.Id);
        var offeredTo = offer.GetProperty("toAgentId").GetGuid();
        var detail = await CaseAsync(@case.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.GetProperty("kind").GetString(), Is.EqualTo("Queue"));
            Assert.That(offeredTo, Is.Not.EqualTo(team.Ids[0]), "not to the one already carrying a case");
            Assert.That(team.Ids, Does.Contain(offeredTo));
            Assert.That(detail.GetProperty("ownerId").ValueKind, Is.EqualTo(JsonValueKind.Null), "nobody owns it before accepting");
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("New"));
        }

        var who = team.KeyOf(offeredTo);
        var mine = await (await As(who)).GetFromJsonAsync<JsonElement>("/api/me/handoffs");
        Assert.That(mine.EnumerateArray().Select(h => h.GetProperty("caseId").GetGuid()), Does.Contain(@case.Id), "the offer is in their offers");
        var accepted = await StepAsync(who, @case with { Version = detail.GetProperty("version").GetInt32() }, $"handoffs/{offer.GetProperty("id").GetGuid()}/accept");
        detail = await CaseAsync(@case.Id);
        var timeline = await TimelineAsync(@case.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("ownerId").GetGuid(), Is.EqualTo(offeredTo));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(detail.GetProperty("version").GetInt32(), Is.EqualTo(accepted.Version));
            Assert.That(Kinds(timeline), Does.Contain("HandoffOffered").And.Contain("HandoffAccepted").And.Contain("Claimed"));
        }
    }

    [Test]
    public async Task Decline_OffersTheCaseToTheNext_AndWhenEveryonePassed_ItStaysInTheQueueAndSupervisorsAreTold()
    {
        var team = await TeamAsync(2);
        await OfferedModeAsync(team);
        var @case = await OpenInAsync(team, Owner);

        var first = await PendingOfferAsync(@case.Id);
        var firstKey = team.KeyOf(first.GetProperty("toAgentId").GetGuid());
        await DeclineAsync(firstKey, @case.Id, first);
        var second = await PendingOfferAsync(@case.Id, notHandoff: first.GetProperty("id").GetGuid());
        var secondKey = team.KeyOf(second.GetProperty("toAgentId").GetGuid());
        Assert.That(secondKey, Is.Not.EqualTo(firstKey), "the next colleague, not the one who passed");
        await DeclineAsync(secondKey, @case.Id, second);

        var timeline = await Eventually.Until(() => TimelineAsync(@case.Id), t => Kinds(t).Contains("LeftInQueue"), "the case left in the queue");
        var detail = await CaseAsync(@case.Id);
        var board = await (await As("sam")).GetFromJsonAsync<JsonElement>("/api/board");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("pendingHandoff").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("New"));
            Assert.That(Entry(timeline, "LeftInQueue"), Does.Contain("Everyone available on").And.Contain("passed"));
            Assert.That(board.GetProperty("leftInQueue").EnumerateArray().Select(c => c.GetProperty("case").GetProperty("id").GetGuid()), Does.Contain(@case.Id));
        }

        // Claiming by hand still works once everyone passed.
        await StepAsync(firstKey, @case with { Version = detail.GetProperty("version").GetInt32() }, "claim");
    }

    [Test]
    public async Task HandClaim_AgainstAPendingOffer_WinsCleanly_AndTheOfferCanNoLongerBeAccepted()
    {
        var team = await TeamAsync(2);
        await OfferedModeAsync(team);
        var @case = await OpenInAsync(team, Owner);
        var offer = await PendingOfferAsync(@case.Id);
        var offeredKey = team.KeyOf(offer.GetProperty("toAgentId").GetGuid());
        var claimant = team.Keys.Single(k => k != offeredKey);

        var accept = (await As(offeredKey)).PostAsync($"/api/cases/{@case.Id}/handoffs/{offer.GetProperty("id").GetGuid()}/accept", null);
        var claim = (await As(claimant)).PostAsync($"/api/cases/{@case.Id}/claim", null);
        using var accepted = await accept;
        using var claimed = await claim;
        var detail = await CaseAsync(@case.Id);
        var statuses = new[] { accepted.StatusCode, claimed.StatusCode };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), $"one winner: accept {(int)accepted.StatusCode}, claim {(int)claimed.StatusCode}");
            Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(1), "the other is told");
            var winner = accepted.StatusCode == HttpStatusCode.OK ? offeredKey : claimant;
            Assert.That(detail.GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds[winner]));
            Assert.That(detail.GetProperty("pendingHandoff").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }

    [Test]
    public async Task FiftyCasesAtOnce_AreEachOfferedToOneAgent_WithinCapacity_AndNoneIsOwnedTwice()
    {
        const int agents = 8;
        const int capacity = 10; // P3 weighs 2: five cases each, forty in all
        var team = await TeamAsync(agents);
        await OfferedModeAsync(team, capacity);
        var opener = await As(Owner);
        var opened = await Race.RunAsync(50, async _ =>
            (await App.OpenCaseAsync(opener, team.Name, UniqueSubject(), "P3")).GetProperty("id").GetGuid());

        var decided = await Eventually.Until(
            () => Task.WhenAll(opened.Select(CaseAsync)),
            cases => cases.All(c => c.GetProperty("pendingHandoff").ValueKind != JsonValueKind.Null || c.GetProperty("version").GetInt32() > 1),
            "every case offered or left in the queue",
            timeoutSeconds: 60);
        var offers = decided.Where(c => c.GetProperty("pendingHandoff").ValueKind != JsonValueKind.Null).Select(c => c.GetProperty("pendingHandoff")).ToList();
        var perAgent = offers.GroupBy(o => o.GetProperty("toAgentId").GetGuid()).ToDictionary(g => g.Key, g => g.Count());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offers, Has.Count.EqualTo(agents * capacity / 2), "as many offers as the capacity holds");
            Assert.That(perAgent.Values, Has.All.LessThanOrEqualTo(capacity / 2), "nobody past their capacity");
            Assert.That(perAgent.Keys, Is.SubsetOf(team.Ids));
        }

        // Everyone accepts all their offers at once.
        var accepts = await Race.RunAsync(offers.Count, async i =>
        {
            var offer = offers[i];
            var client = await As(team.KeyOf(offer.GetProperty("toAgentId").GetGuid()));
            var caseId = decided.First(c => c.GetProperty("pendingHandoff").ValueKind != JsonValueKind.Null && c.GetProperty("pendingHandoff").GetProperty("id").GetGuid() == offer.GetProperty("id").GetGuid()).GetProperty("id").GetGuid();
            using var response = await client.PostAsync($"/api/cases/{caseId}/handoffs/{offer.GetProperty("id").GetGuid()}/accept", null);
            return response.StatusCode;
        });
        var final = await Task.WhenAll(opened.Select(CaseAsync));
        var owners = final.Where(c => c.GetProperty("ownerId").ValueKind != JsonValueKind.Null).GroupBy(c => c.GetProperty("ownerId").GetGuid()).ToDictionary(g => g.Key, g => g.Count());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accepts, Has.All.EqualTo(HttpStatusCode.OK));
            Assert.That(owners.Values.Sum(), Is.EqualTo(offers.Count), "each accepted case has one owner");
            Assert.That(owners.Values, Has.All.LessThanOrEqualTo(capacity / 2));
            Assert.That(final.Count(c => c.GetProperty("status").GetString() == "New"), Is.EqualTo(50 - offers.Count), "the rest wait in the queue");
        }
    }

    [Test]
    public async Task AnAwayAgent_IsOfferedNothing_UntilTheirAbsenceEnds()
    {
        var team = await TeamAsync(2);
        await OfferedModeAsync(team);
        await PutAsync(team.Keys[0], "/api/me/availability", new { state = "Away" }, HttpStatusCode.OK);
        var @case = await OpenInAsync(team, Owner);
        var offer = await PendingOfferAsync(@case.Id);
        Assert.That(offer.GetProperty("toAgentId").GetGuid(), Is.EqualTo(team.Ids[1]));

        var directory = await (await As(team.Keys[1])).GetFromJsonAsync<JsonElement>("/api/staff");
        var away = directory.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == team.Ids[0]);
        Assert.That(away.GetProperty("availability").GetString(), Is.EqualTo("Away"), "colleagues see it");
    }

    [Test]
    public async Task CustomerMessage_OnAnAwayOwnersCase_IsOfferedToTheSubstitute_WithANote_AndTheOwnerStaysOwner()
    {
        var team = await TeamAsync(2);
        var (owner, substitute) = (team.Keys[0], team.Keys[1]);
        var created = await App.OpenCaseAsync(await As(owner), team.Name, UniqueSubject(), "P3");
        var @case = new StagedCase(created.GetProperty("id").GetGuid(), created.GetProperty("version").GetInt32());
        @case = await StepAsync(owner, @case, "claim");
        @case = await StepAsync(owner, @case, "promises", new { text = "Refund the postage", dueAt = App.Clock.GetUtcNow().AddDays(2) });
        await PutAsync(owner, "/api/me/availability", new { state = "Away", until = App.Clock.GetUtcNow().AddDays(3), substituteId = App.StaffIds[substitute] }, HttpStatusCode.OK);

        using var customer = App.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/public/cases/{created.GetProperty("reference").GetString()}/messages")
        {
            Content = JsonContent.Create(new { text = "Any news on my refund?" }),
        };
        message.Headers.Add("X-Access-Code", created.GetProperty("accessCode").GetString());
        using var sent = await customer.SendAsync(message);
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sent.Content.ReadAsStringAsync());

        var detail = await CaseAsync(@case.Id);
        var offer = detail.GetProperty("pendingHandoff");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.GetProperty("kind").GetString(), Is.EqualTo("Cover"));
            Assert.That(offer.GetProperty("toAgentId").GetGuid(), Is.EqualTo(App.StaffIds[substitute]));
            Assert.That(offer.GetProperty("fromAgentId").GetGuid(), Is.EqualTo(App.StaffIds[owner]));
            Assert.That(offer.GetProperty("note").GetString(), Does.Contain("is away until").And.Contain("Any news on my refund?").And.Contain("Refund the postage").And.Contain("Next due"));
            Assert.That(detail.GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds[owner]), "the owner stays the owner");
        }

        await StepAsync(substitute, @case with { Version = detail.GetProperty("version").GetInt32() }, $"handoffs/{offer.GetProperty("id").GetGuid()}/accept");
        Assert.That((await CaseAsync(@case.Id)).GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds[substitute]), "the handshake moved it");
    }

    [Test]
    public async Task Warning_OnAnOffShiftOwnersCase_IsOfferedToTheTeam_WhenTheirSubstituteIsAwayToo()
    {
        var team = await TeamAsync(3);
        var (owner, substitute) = (team.Keys[0], team.Keys[1]);
        var created = await App.OpenCaseAsync(await As(owner), team.Name, UniqueSubject(), "P3");
        var @case = await StepAsync(owner, new StagedCase(created.GetProperty("id").GetGuid(), created.GetProperty("version").GetInt32()), "claim");
        await PutAsync(substitute, "/api/me/availability", new { state = "Away" }, HttpStatusCode.OK);
        await PutAsync("sam", $"/api/staff/{App.StaffIds[owner]}/availability", new { state = "Off", substituteId = App.StaffIds[substitute] }, HttpStatusCode.OK);

        var warnAt = (await CaseAsync(@case.Id)).GetProperty("clocks").EnumerateArray()
            .Where(c => c.GetProperty("metAt").ValueKind == JsonValueKind.Null)
            .Min(c => c.GetProperty("warnAt").GetDateTimeOffset());
        await App.Clock.AdvanceAndSettle(warnAt - App.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        var detail = await Eventually.Until(() => CaseAsync(@case.Id), c => c.GetProperty("pendingHandoff").ValueKind != JsonValueKind.Null, "the cover offer after the warning");
        var offer = detail.GetProperty("pendingHandoff");
        var audit = await (await As("ada")).GetFromJsonAsync<JsonElement>($"/api/audit?what=AvailabilitySet");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.GetProperty("kind").GetString(), Is.EqualTo("Cover"));
            Assert.That(offer.GetProperty("toTeamId").GetGuid(), Is.EqualTo(App.TeamIds[team.Name]));
            Assert.That(offer.GetProperty("note").GetString(), Does.Contain("is off shift"));
            Assert.That(detail.GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds[owner]));
            Assert.That(audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("subjectId").GetGuid()), Does.Contain(App.StaffIds[owner]), "a supervisor's change is audited");
        }
    }

    [Test]
    public async Task Availability_BadRequests_AreRefusedAndChangeNothing()
    {
        var team = await TeamAsync(2);
        var path = "/api/me/availability";
        await PutAsync(team.Keys[0], path, new { state = "Away", until = App.Clock.GetUtcNow().AddMinutes(-1) }, HttpStatusCode.BadRequest);
        await PutAsync(team.Keys[0], path, new { state = "Available", until = App.Clock.GetUtcNow().AddHours(1) }, HttpStatusCode.BadRequest);
        await PutAsync(team.Keys[0], path, new { state = "Away", substituteId = App.StaffIds[team.Keys[0]] }, HttpStatusCode.BadRequest);
        await PutAsync(team.Keys[0], path, new { state = "Away", substituteId = Guid.NewGuid() }, HttpStatusCode.BadRequest);
        await PutAsync(team.Keys[0], path, new { state = "Asleep" }, HttpStatusCode.BadRequest);
        await PutAsync(team.Keys[0], $"/api/staff/{App.StaffIds[team.Keys[1]]}/availability", new { state = "Off" }, HttpStatusCode.Forbidden);
        await PutAsync(team.Keys[0], $"/api/teams/{App.TeamIds[team.Name]}/assignment", new { mode = "Offered" }, HttpStatusCode.Forbidden);
        await PutAsync("sam", $"/api/teams/{App.TeamIds[team.Name]}/assignment", new { mode = "Offered", capacity = 0 }, HttpStatusCode.BadRequest);

        var directory = await (await As("sam")).GetFromJsonAsync<JsonElement>("/api/staff");
        var settings = await (await As("sam")).GetFromJsonAsync<JsonElement>($"/api/teams/{App.TeamIds[team.Name]}/assignment");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(directory.GetProperty("agents").EnumerateArray().Where(a => team.Ids.Contains(a.GetProperty("id").GetGuid())).Select(a => a.GetProperty("availability").GetString()), Has.All.EqualTo("Available"));
            Assert.That(settings.GetProperty("mode").GetString(), Is.EqualTo("Queue"));
        }
    }

    private static int _teams;

    private async Task<TestTeam> TeamAsync(int agents)
    {
        var n = Interlocked.Increment(ref _teams);
        var name = $"Offers {n} {Guid.NewGuid():N}"[..20];
        using var created = await (await As("ada")).PostAsJsonAsync("/api/teams", new { name });
        Assert.That(created.IsSuccessStatusCode, Is.True, await created.Content.ReadAsStringAsync());
        App.TeamIds[name] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var keys = new List<string>();
        var ids = new List<Guid>();
        for (var i = 0; i < agents; i++)
        {
            var key = $"offers{n}agent{i}";
            ids.Add(await App.AddAgentAsync(key, $"Agent {(char)('A' + i)}{n} Offers", name));
            keys.Add(key);
        }

        // The case opener (Ava) opens cases in any team; she is not a member, so never offered them.
        return new TestTeam(name, keys, ids);
    }

    private async Task OfferedModeAsync(TestTeam team, int capacity = 10) =>
        await PutAsync("sam", $"/api/teams/{App.TeamIds[team.Name]}/assignment", new { mode = "Offered", capacity }, HttpStatusCode.OK);

    private async Task<StagedCase> OpenInAsync(TestTeam team, string who)
    {
        var created = await App.OpenCaseAsync(await As(who), team.Name, UniqueSubject(), "P3");
        return new StagedCase(created.GetProperty("id").GetGuid(), created.GetProperty("version").GetInt32());
    }

    private async Task<JsonElement> PendingOfferAsync(Guid caseId, Guid? notHandoff = null)
    {
        var detail = await Eventually.Until(
            () => CaseAsync(caseId),
            c => c.GetProperty("pendingHandoff") is { ValueKind: JsonValueKind.Object } h && h.GetProperty("id").GetGuid() != notHandoff,
            "an offer from the queue");
        return detail.GetProperty("pendingHandoff");
    }

    private async Task DeclineAsync(string who, Guid caseId, JsonElement offer)
    {
        using var response = await (await As(who)).PostAsJsonAsync($"/api/cases/{caseId}/handoffs/{offer.GetProperty("id").GetGuid()}/decline", new { reason = "Out on a site visit all afternoon." });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task PutAsync(string who, string path, object body, HttpStatusCode expected)
    {
        using var response = await (await As(who)).PutAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"PUT {path}: {await response.Content.ReadAsStringAsync()}");
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        }
    }

    private static List<string> Kinds(JsonElement timeline) => [.. timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()!)];

    private static string Entry(JsonElement timeline, string kind) =>
        timeline.EnumerateArray().Last(e => e.GetProperty("kind").GetString() == kind).GetProperty("text").GetString()!;

    private sealed record TestTeam(string Name, IReadOnlyList<string> Keys, IReadOnlyList<Guid> Ids)
    {
        public string KeyOf(Guid id) => Keys[Ids.ToList().IndexOf(id)];
    }
}
