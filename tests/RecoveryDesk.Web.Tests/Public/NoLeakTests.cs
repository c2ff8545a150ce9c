using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>Whatever happened inside the desk, the customer's answers carry public facts only.</summary>
public sealed partial class NoLeakTests : CustomerDesk
{
    private const string InternalNote = "INTERNAL-NOTE: customer is on the watch list";
    private const string HandoffNote = "HANDOFF-NOTE: told her a refund is likely";
    private const string ReassignReason = "REASSIGN-REASON: Ben is off sick";

    [Test]
    public async Task PublicAnswers_AfterNotesHandoffsAndReassignment_LeakNothingInternal()
    {
        using var ben = await App.ClientFor("ben");
        using var cara = await App.ClientFor("cara");
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/notes", new { text = InternalNote });
        var offer = await Ava.PostAsJsonAsync($"/api/cases/{link.Id}/handoffs", new { toAgentId = App.StaffIds["ben"], note = HandoffNote });
        var handoffId = (await offer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("handoffId").GetGuid();
        (await ben.PostAsync($"/api/cases/{link.Id}/handoffs/{handoffId}/accept", null)).EnsureSuccessStatusCode();
        (await ben.PostAsJsonAsync($"/api/cases/{link.Id}/replies", new { text = "Kind regards, Ben Okafor" })).EnsureSuccessStatusCode();
        var promise = await ben.PostAsJsonAsync($"/api/cases/{link.Id}/promises", new { text = "Ben Okafor will call you.", dueAt = Start.AddDays(1) });
        var promiseId = (await promise.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("promiseId").GetGuid();
        (await Sam.PostAsJsonAsync($"/api/cases/{link.Id}/reassign", new { toAgentId = App.StaffIds["cara"], reason = ReassignReason })).EnsureSuccessStatusCode();

        var bodies = new List<string>();
        async Task Collect(Task<HttpResponseMessage> call)
        {
            using var response = await call;
            Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        await Collect(GetAsync(link.Reference, link.AccessCode));
        await Collect(PostAsync(link.Reference, link.AccessCode, "messages", new { text = "Any news?" }));
        (await cara.PostAsJsonAsync($"/api/cases/{link.Id}/resolve", new
        {
            summary = "Refunded in full by Cara Lindqvist.",
            promises = new[] { new { promiseId, kept = false, note = "Ben Okafor is away; Cara Lindqvist wrote to you instead." } },
        })).EnsureSuccessStatusCode();
        await Collect(PostAsync(link.Reference, link.AccessCode, "confirmation", new { resolved = true }));
        await Collect(PostAsync(link.Reference, link.AccessCode, "feedback", new { satisfaction = 1, buyAgain = "No", recommend = 0, comment = "Too slow." }));
        await Collect(GetAsync(link.Reference, link.AccessCode));

        string[] forbidden =
        [
            "INTERNAL-NOTE", "HANDOFF-NOTE", "REASSIGN-REASON", "Thompson", "Okafor", "Lindqvist", "Patel",
            "@test.example", "m.hill@example.com", "Satisfaction", "detractor",
        ];
        foreach (var body in bodies)
        {
            foreach (var text in forbidden)
            {
                Assert.That(body, Does.Not.Contain(text).IgnoreCase, $"'{text}' leaked into {body}");
            }

            Assert.That(body, Does.Not.Contain(link.Id.ToString()).IgnoreCase.And.Not.Contain(link.Id.ToString("N")).IgnoreCase);
            Assert.That(AnyGuid().IsMatch(body), Is.False, $"an internal id leaked into {body}");
        }

        var last = System.Text.Json.JsonDocument.Parse(bodies[^1]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(last.GetProperty("ownerFirstName").GetString(), Is.EqualTo("Cara"));
            Assert.That(Texts(last), Does.Contain("Kind regards, Ben"));
            Assert.That(Texts(last), Does.Contain("Resolved: Refunded in full by Cara."));
            Assert.That(last.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("by").GetString()).Distinct(),
                Is.SupersetOf(new[] { "Ava", "Ben", "Cara", "You" }));
        });
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex AnyGuid();
}
