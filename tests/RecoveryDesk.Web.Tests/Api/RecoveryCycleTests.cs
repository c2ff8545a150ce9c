using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>One complaint from first call to closing, over HTTP, as the three people who touch it.</summary>
public sealed class RecoveryCycleTests : ApiFixture
{
    private static readonly string[] CycleKinds =
        ["Opened", "Claimed", "Reply", "PromiseMade", "HandoffOffered", "HandoffAccepted", "PromiseKept", "Resolved", "Closed"];

    private static readonly string[] CycleActors =
        ["Ava Thompson", "Ava Thompson", "Ava Thompson", "Ava Thompson", "Ava Thompson", "Ben Okafor", "Ben Okafor", "Ben Okafor", "Sam Patel"];

    private static readonly string[] OnePromiseKept = ["Kept"];

    [Test]
    public async Task RecoveryCycle_AvaToBenThenSamCloses_EndsClosedWithBenAsOwnerAndTheWholeStoryInTheTimeline()
    {
        var ava = await As("ava");
        var ben = await As("ben");
        var sam = await As("sam");
        var versions = new List<int>();
        var subject = UniqueSubject();

        using var opened = await ava.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name = "Margaret Hill", email = "m.hill@example.com", phone = "+44 20 7946 0000", preferredAddress = "Mrs Hill" },
            subject,
            description = "The box was crushed and the vase inside is broken.",
            channel = "Phone",
            category = "Delivery",
            priority = "P2",
            teamId = App.TeamIds["Front Line"],
        });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var created = await opened.ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var reference = created.GetProperty("reference").GetString()!;
        var accessCode = created.GetProperty("accessCode").GetString()!;
        versions.Add(await opened.WrittenVersionAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(id, Is.Not.EqualTo(Guid.Empty));
            Assert.That(reference, Does.Match("^RD-[A-Z0-9]{6}$"));
            Assert.That(accessCode, Is.Not.Empty);
            Assert.That(created.GetProperty("statusUrl").GetString(), Does.Contain($"/status/{reference}#code="));
            Assert.That(opened.Headers.Location?.ToString(), Does.EndWith($"/api/cases/{id}"));
        }

        async Task<JsonElement> Write(HttpClient who, string action, object? body, HttpStatusCode expected = HttpStatusCode.OK)
        {
            using var response = await who.PostAsync($"/api/cases/{id}/{action}", body is null ? null : JsonContent.Create(body));
            if (response.StatusCode != expected)
            {
                Assert.Fail($"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var version = await response.WrittenVersionAsync();
            Assert.That(version, Is.GreaterThan(versions[^1]), $"{action} bumps the version");
            versions.Add(version);
            return await response.ReadJsonAsync();
        }

        await Write(ava, "claim", null);
        await Write(ava, "replies", new { text = "I am sorry, Mrs Hill. I will sort this out for you personally." });
        var promise = await Write(ava, "promises", new { text = "A replacement vase will ship by Friday.", dueAt = App.Clock.GetUtcNow().AddDays(3) }, HttpStatusCode.Created);
        var promiseId = promise.GetProperty("promiseId").GetGuid();
        var offer = await Write(ava, "handoffs", new { toAgentId = App.StaffIds["ben"], note = "Promised a replacement by Friday; refund of postage still to do." }, HttpStatusCode.Created);
        var handoffId = offer.GetProperty("handoffId").GetGuid();
        Assert.That(offer.GetProperty("expiresAt").GetDateTimeOffset(), Is.GreaterThan(App.Clock.GetUtcNow()));

        var offeredToBen = await ben.GetFromJsonAsync<JsonElement>("/api/me/handoffs");
        var mine = offeredToBen.EnumerateArray().Where(h => h.GetProperty("handoffId").GetGuid() == handoffId).ToList();
        Assert.That(mine, Has.Count.EqualTo(1), "Ben sees the hand-off offered to him");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mine[0].GetProperty("caseId").GetGuid(), Is.EqualTo(id));
            Assert.That(mine[0].GetProperty("fromAgentName").GetString(), Is.EqualTo("Ava Thompson"));
            Assert.That(mine[0].GetProperty("note").GetString(), Does.Contain("replacement by Friday"));
        }

        Assert.That((await CaseAsync(id)).GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds["ava"]), "Ava owns it while the offer is pending");
        await Write(ben, $"handoffs/{handoffId}/accept", null);
        Assert.That((await CaseAsync(id)).GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds["ben"]), "the handshake moves ownership to Ben");
        await Write(ben, $"promises/{promiseId}/kept", null);
        await Write(ben, "resolve", new { summary = "Replacement delivered and postage refunded." });
        await Write(sam, "close", null);

        var timeline = await TimelineAsync(id);
        var kinds = timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        var actors = timeline.EnumerateArray().Select(e => e.GetProperty("actorName").GetString()).ToList();
        var final = await CaseAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kinds, Is.EqualTo(CycleKinds));
            Assert.That(actors, Is.EqualTo(CycleActors));

            Assert.That(final.GetProperty("status").GetString(), Is.EqualTo("Closed"));
            Assert.That(final.GetProperty("reference").GetString(), Is.EqualTo(reference));
            Assert.That(final.GetProperty("subject").GetString(), Is.EqualTo(subject));
            Assert.That(final.GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds["ben"]));
            Assert.That(final.GetProperty("ownerName").GetString(), Is.EqualTo("Ben Okafor"));
            Assert.That(final.GetProperty("teamId").GetGuid(), Is.EqualTo(App.TeamIds["Front Line"]));
            Assert.That(final.GetProperty("pendingHandoff").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(final.GetProperty("firstResponseAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(final.GetProperty("resolvedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(final.GetProperty("closedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(final.GetProperty("resolutionSummary").GetString(), Is.EqualTo("Replacement delivered and postage refunded."));
            Assert.That(final.GetProperty("promises").EnumerateArray().Select(p => p.GetProperty("status").GetString()), Is.EqualTo(OnePromiseKept));
            Assert.That(final.GetProperty("version").GetInt32(), Is.EqualTo(versions[^1]));
            Assert.That(versions, Is.Ordered.Ascending.And.Unique);
            Assert.That(versions, Has.Count.EqualTo(9), "open plus eight writes");
        }
    }
}
