using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Web.Tests.Hubs;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>A reply written against an older version of the case: held back, with what changed in words, until the author confirms.</summary>
public sealed class StaleReplyTests
{
    private DeskApp _app = null!;
    private HttpClient _ava = null!;
    private HttpClient _ben = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _app = await new DeskApp().StartAsync();
        _ava = await _app.ClientFor("ava");
        _ben = await _app.ClientFor("ben");
    }

    [TearDown]
    public void Stop()
    {
        _ava.Dispose();
        _ben.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Reply_AColleagueRepliedSinceTheDraftBegan_Is409SayingWhoAndWhen_AndNothingIsSent()
    {
        var caseId = await _app.OpenOwnedAsync(_ben);
        var seen = await VersionAsync(caseId);
        await _ben.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "Ben here: a new vase is on its way." });
        _app.Clock.Advance(TimeSpan.FromSeconds(20));
        var offered = await _ben.PostOkAsync($"/api/cases/{caseId}/handoffs", new { toAgentId = _app.StaffIds["ava"], note = "Going on leave." });
        await _ava.PostOkAsync($"/api/cases/{caseId}/handoffs/{offered.GetProperty("handoffId").GetGuid()}/accept");
        var before = await SentAsync(caseId);

        using var refused = await _ava.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "Ava here: a new vase is on its way.", seenVersion = seen });

        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        var changes = problem.GetProperty("changes").EnumerateArray().ToList();
        var now = await VersionAsync(caseId);
        var after = await SentAsync(caseId);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Ben Okafor replied 20 seconds ago. Ben Okafor offered the case to a colleague just now."));
            Assert.That(problem.GetProperty("detail").GetString(), Does.EndWith("Your reply was not sent."));
            Assert.That(problem.GetProperty("version").GetInt32(), Is.EqualTo(now));
            Assert.That(changes.Select(c => c.GetProperty("kind").GetString()), Is.EqualTo(new[] { "Reply", "HandoffOffered" }), "her own acceptance is not news to her");
            Assert.That(changes[0].GetProperty("actorName").GetString(), Is.EqualTo("Ben Okafor"));
            Assert.That(changes[0].GetProperty("actorId").GetGuid(), Is.EqualTo(_app.StaffIds["ben"]));
            Assert.That(changes[0].GetProperty("actorKind").GetString(), Is.EqualTo("Staff"));
            Assert.That(changes[0].GetProperty("at").GetDateTimeOffset(), Is.EqualTo(_app.Clock.GetUtcNow().AddSeconds(-20)));
            Assert.That(changes[0].GetProperty("version").GetInt32(), Is.EqualTo(seen + 1));
            Assert.That(after, Is.EqualTo(before), "no timeline entry, no mail to the customer");
        });

        var confirmed = await _ava.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "Ava here: a new vase is on its way.", seenVersion = seen, confirm = true });

        Assert.That(confirmed.GetProperty("version").GetInt32(), Is.EqualTo(problem.GetProperty("version").GetInt32() + 1));
        Assert.That(await SentAsync(caseId), Is.EqualTo((before.Entries + 1, before.Mails + 1)));
    }

    [Test]
    public async Task Reply_TheCustomerWroteSince_Is409_AndSendsOnceConfirmed()
    {
        var created = await _app.OpenCaseAsync(_ava);
        var caseId = created.GetProperty("id").GetGuid();
        await _ava.PostOkAsync($"/api/cases/{caseId}/claim");
        var seen = await VersionAsync(caseId);
        await CustomerWritesAsync(created, "Could it come before Friday?");
        _app.Clock.Advance(TimeSpan.FromSeconds(75));

        using var refused = await _ava.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "It comes on Monday.", seenVersion = seen, confirm = false });

        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("The customer wrote 1 minute ago. Your reply was not sent."));
        var sent = await _ava.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "It comes on Monday.", seenVersion = problem.GetProperty("version").GetInt32() });
        Assert.That(sent.GetProperty("version").GetInt32(), Is.EqualTo(problem.GetProperty("version").GetInt32() + 1), "what the 409 said counts as seen");
    }

    [Test]
    public async Task Reply_WithoutSeenVersion_IsSentAsBefore()
    {
        var created = await _app.OpenCaseAsync(_ava);
        var caseId = created.GetProperty("id").GetGuid();
        await _ava.PostOkAsync($"/api/cases/{caseId}/claim");
        await CustomerWritesAsync(created, "Any news?");
        var before = await SentAsync(caseId);

        await _ava.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "Yes: it ships today." });

        Assert.That(await SentAsync(caseId), Is.EqualTo((before.Entries + 1, before.Mails + 1)));
    }

    [Test]
    public async Task Reply_SinceOnlyNotesAndPromises_IsSent()
    {
        var caseId = await _app.OpenOwnedAsync(_ava);
        var seen = await VersionAsync(caseId);
        await _ben.PostOkAsync($"/api/cases/{caseId}/notes", new { text = "Courier says Tuesday." });
        await _ava.PostOkAsync($"/api/cases/{caseId}/promises", new { text = "I will call you on Thursday.", dueAt = _app.Clock.GetUtcNow().AddDays(2) });

        var sent = await _ava.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "The courier comes on Tuesday.", seenVersion = seen });

        Assert.That(sent.GetProperty("version").GetInt32(), Is.EqualTo(seen + 3));
    }

    [Test]
    public async Task Reply_MyOwnReplyFromAnotherTabSince_Is409()
    {
        var caseId = await _app.OpenOwnedAsync(_ava);
        var seen = await VersionAsync(caseId);
        await _ava.PostOkAsync($"/api/cases/{caseId}/replies", new { text = "Sent from the other tab." });

        using var refused = await _ava.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "The same again.", seenVersion = seen });

        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("You replied just now. Your reply was not sent."));
    }

    [Test]
    public async Task Reply_SeenVersionNotAVersion_Is400NamingIt()
    {
        var caseId = await _app.OpenOwnedAsync(_ava);

        using var refused = await _ava.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "Hello.", seenVersion = 0 });

        var problem = await ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("seenVersion", out _), Is.True, problem.ToString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<int> VersionAsync(Guid caseId) =>
        (await _ava.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("version").GetInt32();

    private async Task CustomerWritesAsync(JsonElement created, string text)
    {
        using var customer = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/public/cases/{created.GetProperty("reference").GetString()}/messages")
        {
            Content = JsonContent.Create(new { text }),
        };
        request.Headers.Add("X-Access-Code", created.GetProperty("accessCode").GetString());
        using var response = await customer.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the case has told anyone: its timeline entries and the mails queued for its customer.</summary>
    private async Task<(int Entries, int Mails)> SentAsync(Guid caseId)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        return (await db.Timeline.CountAsync(t => t.CaseId == caseId), await db.CustomerMails.CountAsync(m => m.CaseId == caseId));
    }
}
