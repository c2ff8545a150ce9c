using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>
/// Saved replies over HTTP: supervisors and admins write a team's, its members read them, and the
/// owner gets one filled in for a case — every placeholder with what the customer's page says.
/// </summary>
public sealed class SavedReplyTests : ApiFixture
{
    private const string EveryPlaceholder = "Dear {addressAs},\n\nThis is {ownerFirstName} about {reference}. You will hear from me by {nextDueAt}.";

    private Guid FrontLine => App.TeamIds["Front Line"];

    [Test]
    public async Task CreateEditDelete_BySupervisor_ListedForTheTeam_AndChangesAreAudited()
    {
        var sam = await As("sam");
        var title = Unique("Parcel lost");
        var created = await CreateAsync(sam, FrontLine, title, "We are sorry, {addressAs}.");
        var id = created.GetProperty("id").GetGuid();

        var listed = await ListAsync(await As("cara"), FrontLine);
        Assert.That(listed.Single(r => r.GetProperty("id").GetGuid() == id).GetProperty("text").GetString(), Is.EqualTo("We are sorry, {addressAs}."));

        var renamed = Unique("Parcel lost in transit");
        using (var put = await sam.PutAsJsonAsync($"/api/teams/{FrontLine}/saved-replies/{id}", new { title = renamed, text = "Sorry, {addressAs}: {reference} is with the courier." }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        }

        var changed = await AuditAsync("SavedReplyChanged", id);
        Assert.That(changed.GetProperty("before").GetProperty("title").GetString(), Is.EqualTo(title));
        Assert.That(changed.GetProperty("after").GetProperty("title").GetString(), Is.EqualTo(renamed));

        using (var deleted = await (await As("ada")).DeleteAsync($"/api/teams/{FrontLine}/saved-replies/{id}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That((await ListAsync(sam, FrontLine)).Select(r => r.GetProperty("id").GetGuid()), Has.None.EqualTo(id));
        var gone = await AuditAsync("SavedReplyDeleted", id);
        Assert.That(gone.GetProperty("before").GetProperty("text").GetString(), Does.Contain("with the courier"));
        Assert.That(gone.GetProperty("actorId").GetGuid(), Is.EqualTo(App.StaffIds["ada"]));
    }

    [Test]
    public async Task Fill_OnTheOwnersCase_FillsEveryPlaceholderAsTheCustomersPageWordsIt()
    {
        var ava = await As(Owner);
        var opened = await App.OpenCaseAsync(ava, subject: UniqueSubject());
        var id = opened.GetProperty("id").GetGuid();
        var reference = opened.GetProperty("reference").GetString()!;
        await StepAsync(Owner, new StagedCase(id, opened.GetProperty("version").GetInt32()), "claim");
        var reply = await CreateAsync(await As("sam"), FrontLine, Unique("Every placeholder"), EveryPlaceholder);

        var filled = await FillAsync(ava, id, reply.GetProperty("id").GetGuid());

        var firstResponse = (await CaseAsync(id)).GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "FirstResponse");
        var due = firstResponse.GetProperty("dueAt").GetDateTimeOffset().ToUniversalTime();
        var dueWords = due.ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture) + " UTC";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(filled.GetProperty("text").GetString(), Is.EqualTo($"Dear Mrs Hill,\n\nThis is Ava about {reference}. You will hear from me by {dueWords}."));
            Assert.That(filled.GetProperty("unfilled").GetArrayLength(), Is.Zero);
        }

        using var status = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{reference}");
        status.Headers.Add("X-Access-Code", opened.GetProperty("accessCode").GetString());
        using var page = await Anonymous().SendAsync(status);
        var view = await page.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(view.GetProperty("statusText").GetString(), Does.Contain($"by {dueWords}."), "the customer's page gives the same time in the same words");
    }

    [Test]
    public async Task Fill_WhileWaitingOnTheCustomer_LeavesTheDueTimeForTheWriterAndSaysSo()
    {
        var waiting = await StageAsync(Stage.Waiting);
        var reply = await CreateAsync(await As("sam"), FrontLine, Unique("Chaser"), "Any news, {addressAs}? We will look again by {nextDueAt}.");

        var filled = await FillAsync(await As(Owner), waiting.Id, reply.GetProperty("id").GetGuid());

        Assert.That(filled.GetProperty("text").GetString(), Is.EqualTo("Any news, Mrs Hill? We will look again by {nextDueAt}."));
        Assert.That(filled.GetProperty("unfilled").EnumerateArray().Select(u => u.GetString()), Is.EqualTo(new[] { "nextDueAt" }));
    }

    [Test]
    public async Task Fill_ByAColleagueWhoMayNotReply_IsForbidden_AndAnotherTeamsReplyIsNotFound()
    {
        var owned = await StageAsync(Stage.Owned);
        var reply = await CreateAsync(await As("sam"), FrontLine, Unique("Not yours"), "Hello {addressAs}.");
        var billing = await CreateAsync(await As("sam"), App.TeamIds["Billing"], Unique("Billing only"), "Hello {addressAs}.");

        using var byCara = await (await As("cara")).PostAsync($"/api/cases/{owned.Id}/saved-replies/{reply.GetProperty("id").GetGuid()}/fill", null);
        using var otherTeams = await (await As(Owner)).PostAsync($"/api/cases/{owned.Id}/saved-replies/{billing.GetProperty("id").GetGuid()}/fill", null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byCara.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await Problem(byCara), Does.Contain("Only the owner"));
            Assert.That(otherTeams.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task Create_WithAnUnknownPlaceholder_IsA400NamingIt()
    {
        using var response = await (await As("sam")).PostAsJsonAsync($"/api/teams/{FrontLine}/saved-replies", new { title = Unique("Nickname {nick}"), text = "Hi {firstName}, {reference} is done." });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("text")[0].GetString(), Does.StartWith("Unknown placeholder {firstName}").And.Contain("{addressAs}, {ownerFirstName}, {nextDueAt}, {reference}"));
        Assert.That(errors.GetProperty("title")[0].GetString(), Does.StartWith("Unknown placeholder {nick}"));
    }

    [Test]
    public async Task CreateOrRename_ToATitleTheTeamHas_IsA409_InAnyLetterCase()
    {
        var sam = await As("sam");
        var title = Unique("Refund sent");
        await CreateAsync(sam, FrontLine, title, "Your refund is on its way.");
        var other = await CreateAsync(sam, FrontLine, Unique("Refund late"), "Your refund is late.");

        using var again = await sam.PostAsJsonAsync($"/api/teams/{FrontLine}/saved-replies", new { title = title.ToUpperInvariant(), text = "Again." });
        using var renamed = await sam.PutAsJsonAsync($"/api/teams/{FrontLine}/saved-replies/{other.GetProperty("id").GetGuid()}", new { title, text = "Again." });
        using var elsewhere = await sam.PostAsJsonAsync($"/api/teams/{App.TeamIds["Billing"]}/saved-replies", new { title, text = "Another team may." });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await Problem(again), Does.Contain("already has a saved reply called"));
            Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
    }

    [Test]
    public async Task Agent_MayReadTheirTeamsButNotWrite()
    {
        var ava = await As(Owner);
        var existing = await CreateAsync(await As("sam"), FrontLine, Unique("Read only"), "Hello.");
        var id = existing.GetProperty("id").GetGuid();

        using var create = await ava.PostAsJsonAsync($"/api/teams/{FrontLine}/saved-replies", new { title = Unique("Mine"), text = "Hello." });
        using var edit = await ava.PutAsJsonAsync($"/api/teams/{FrontLine}/saved-replies/{id}", new { title = Unique("Mine"), text = "Hello." });
        using var delete = await ava.DeleteAsync($"/api/teams/{FrontLine}/saved-replies/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ListAsync(ava, FrontLine)).Select(r => r.GetProperty("title").GetString()), Does.Contain(existing.GetProperty("title").GetString()));
        }
    }

    [Test]
    public async Task OtherTeamsAgent_MayNotRead()
    {
        await CreateAsync(await As("sam"), FrontLine, Unique("Front Line only"), "Hello.");

        using var byDan = await (await As("dan")).GetAsync($"/api/teams/{FrontLine}/saved-replies");
        using var byOlga = await (await As("olga")).GetAsync($"/api/teams/{FrontLine}/saved-replies");

        Assert.That(byDan.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byOlga.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static string Unique(string title) => $"{title} {Guid.NewGuid():N}";

    private static async Task<JsonElement> CreateAsync(HttpClient client, Guid team, string title, string text)
    {
        using var response = await client.PostAsJsonAsync($"/api/teams/{team}/saved-replies", new { title, text });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, Guid team) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/teams/{team}/saved-replies")).EnumerateArray()];

    private static async Task<JsonElement> FillAsync(HttpClient client, Guid caseId, Guid replyId)
    {
        using var response = await client.PostAsync($"/api/cases/{caseId}/saved-replies/{replyId}/fill", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> Problem(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? string.Empty;

    /// <summary>The audit entry of the given kind about this saved reply (the desk is shared, so found by the reply's id).</summary>
    private async Task<JsonElement> AuditAsync(string what, Guid replyId)
    {
        var page = await (await As("ada")).GetFromJsonAsync<JsonElement>($"/api/audit?what={what}&pageSize=200");
        var entry = page.GetProperty("items").EnumerateArray().FirstOrDefault(e =>
            (e.GetProperty("before").ValueKind == JsonValueKind.Object ? e.GetProperty("before") : e.GetProperty("after")).GetProperty("id").GetGuid() == replyId);
        Assert.That(entry.ValueKind, Is.EqualTo(JsonValueKind.Object), $"a {what} entry about {replyId}");
        Assert.That(entry.GetProperty("subjectId").GetGuid(), Is.EqualTo(FrontLine));
        return entry;
    }
}
