using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>
/// The rules as the pages meet them over HTTP: the case detail's allowedActions for each caller, and
/// who may be handed a case.
/// </summary>
public sealed class CaseRulesTests : ApiFixture
{
    [Test]
    public async Task GetCase_ForEachCaller_ListsWhatTheyMayDoNow()
    {
        var promised = await StageAsync(Stage.PromisedOffered);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await AllowedAsync("ava", promised), Is.EqualTo(new[] { "Reply", "Note", "Promise", "Cancel", "WaitOnCustomer", "ChangePriority", "NewAccessCode" }), "the owner, with her offer pending");
            Assert.That(await AllowedAsync("ben", promised), Is.EqualTo(new[] { "Note", "Accept", "Decline" }), "the colleague it is offered to");
            Assert.That(await AllowedAsync("cara", promised), Is.EqualTo(new[] { "Note" }), "another colleague in the team");
            Assert.That(await AllowedAsync("dan", promised), Is.EqualTo(new[] { "Note" }), "an agent of another team");
            Assert.That(await AllowedAsync("sam", promised), Is.EqualTo(new[] { "Note", "Reassign", "ChangePriority", "NewAccessCode" }), "a supervisor");
            Assert.That(await PromiseActionsAsync("ava", promised), Is.EqualTo(new[] { "Keep", "Renegotiate" }));
            Assert.That(await PromiseActionsAsync("sam", promised), Is.Empty);
        }
    }

    [Test]
    public async Task GetCase_InTheQueue_OffersTheClaimToTheTeamOnly()
    {
        var queued = await StageAsync(Stage.New);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await AllowedAsync("cara", queued), Does.Contain("Claim"));
            Assert.That(await AllowedAsync("dan", queued), Does.Not.Contain("Claim"));
        }
    }

    [Test]
    public async Task Offer_ToTheAdminOnNoTeam_Returns400NamingTheColleague()
    {
        var owned = await StageAsync(Stage.Owned);

        using var response = await PostAsync("ava", owned, "handoffs", new { toAgentId = App.StaffIds["ada"], note = "Can you take this?" });

        await AssertRefusedAsync(response, "toAgentId", "agent or supervisor");
        Assert.That((await CaseAsync(owned.Id)).GetProperty("pendingHandoff").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Offer_ToATeamThatDoesNotExist_Returns400NamingTheTeam()
    {
        var owned = await StageAsync(Stage.Owned);

        using var response = await PostAsync("ava", owned, "handoffs", new { toTeamId = Guid.NewGuid(), note = "Can you take this?" });

        await AssertRefusedAsync(response, "toTeamId", "no team");
    }

    [Test]
    public async Task Offer_ToASupervisor_IsOffered()
    {
        var owned = await StageAsync(Stage.Owned);

        using var response = await PostAsync("ava", owned, "handoffs", new { toAgentId = App.StaffIds["sam"], note = "Needs a goodwill payment." });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Reassign_ToTheAdmin_Returns400NamingTheColleague()
    {
        var owned = await StageAsync(Stage.Owned);

        using var response = await PostAsync("sam", owned, "reassign", new { toAgentId = App.StaffIds["ada"], reason = "Ava is away." });

        await AssertRefusedAsync(response, "toAgentId", "agent or a supervisor");
    }

    [Test]
    public async Task Staff_Directory_SaysWhoCanBeGivenACase()
    {
        var directory = await (await As("ava")).GetFromJsonAsync<JsonElement>("/api/staff");
        var canOwn = directory.GetProperty("agents").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetGuid(), a => a.GetProperty("canOwnCases").GetBoolean());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(canOwn[App.StaffIds["ben"]], Is.True);
            Assert.That(canOwn[App.StaffIds["sam"]], Is.True);
            Assert.That(canOwn[App.StaffIds["ada"]], Is.False);
        }
    }

    private async Task<string[]> AllowedAsync(string who, StagedCase staged) =>
        Words((await DetailAsync(who, staged)).GetProperty("allowedActions"));

    private async Task<string[]> PromiseActionsAsync(string who, StagedCase staged) =>
        Words((await DetailAsync(who, staged)).GetProperty("promises")[0].GetProperty("allowedActions"));

    private async Task<JsonElement> DetailAsync(string who, StagedCase staged) =>
        await (await As(who)).GetFromJsonAsync<JsonElement>($"/api/cases/{staged.Id}");

    private static string[] Words(JsonElement array) => [.. array.EnumerateArray().Select(a => a.GetString()!)];

    private async Task<HttpResponseMessage> PostAsync(string who, StagedCase staged, string action, object body) =>
        await (await As(who)).PostAsJsonAsync($"/api/cases/{staged.Id}/{action}", body);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string words)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").GetProperty(field).ToString(), Does.Contain(words));
        }
    }
}
