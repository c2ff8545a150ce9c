using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>The lists staff work from: the case list, the team queue, my cases, and the directory of colleagues.</summary>
public sealed class ReadTests : ApiFixture
{
    private static readonly string[] SeededColleagues = ["Ava Thompson", "Ben Okafor", "Cara Lindqvist", "Dan Moreau", "Sam Patel"];

    [Test]
    public async Task ListCases_FilteredByStatusTeamOwnerPriorityAndText_ReturnsOnlyTheMatchingCases()
    {
        var token = Guid.NewGuid().ToString("N");
        var newP1 = await OpenAsync(subject: $"{token} new P1", priority: "P1");
        var avasP2 = await StepAsync("ava", await OpenAsync(subject: $"{token} Ava's P2"), "claim");
        var billingP3 = await OpenAsync("Billing", $"{token} billing P3", "P3");
        var bensP2 = await StepAsync("ben", await OpenAsync(subject: $"{token} Ben's P2"), "claim");
        var resolvedP4 = await StepAsync("ava", await StepAsync("ava", await OpenAsync(subject: $"{token} resolved P4", priority: "P4"), "claim"), "resolve", new { summary = "Sorted." });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync($"q={token}"), Is.EquivalentTo(new[] { newP1.Id, avasP2.Id, billingP3.Id, bensP2.Id, resolvedP4.Id }));
            Assert.That(await IdsAsync($"q={token}&status=Open"), Is.EquivalentTo(new[] { avasP2.Id, bensP2.Id }));
            Assert.That(await IdsAsync($"q={token}&status=New"), Is.EquivalentTo(new[] { newP1.Id, billingP3.Id }));
            Assert.That(await IdsAsync($"q={token}&status=Resolved"), Is.EquivalentTo(new[] { resolvedP4.Id }));
            Assert.That(await IdsAsync($"q={token}&teamId={App.TeamIds["Billing"]}"), Is.EquivalentTo(new[] { billingP3.Id }));
            Assert.That(await IdsAsync($"q={token}&ownerId={App.StaffIds["ava"]}"), Is.EquivalentTo(new[] { avasP2.Id, resolvedP4.Id }));
            Assert.That(await IdsAsync($"q={token}&priority=P2"), Is.EquivalentTo(new[] { avasP2.Id, bensP2.Id }));
            Assert.That(await IdsAsync($"q={token}&priority=P2&ownerId={App.StaffIds["ben"]}"), Is.EquivalentTo(new[] { bensP2.Id }));
            Assert.That(await IdsAsync($"q={token}&status=Closed"), Is.Empty);
        }
    }

    [Test]
    public async Task ListCases_ByReference_FindsThatOneCase()
    {
        var staged = await OpenAsync();
        var reference = (await CaseAsync(staged.Id)).GetProperty("reference").GetString()!;

        Assert.That(await IdsAsync($"q={reference}"), Is.EqualTo(new[] { staged.Id }));
        Assert.That(await IdsAsync($"q={reference.ToLowerInvariant()}"), Is.EqualTo(new[] { staged.Id }), "a reference read out on the phone need not be in capitals");
    }

    [Test]
    public async Task ListCases_InPages_ReportsTheTotalAndShowsNewestActivityFirst()
    {
        var token = Guid.NewGuid().ToString("N");
        var opened = new List<StagedCase>();
        for (var i = 0; i < 5; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            opened.Add(await OpenAsync(subject: $"{token} case {i}"));
        }

        var newestFirst = opened.Select(c => c.Id).Reverse().ToList();
        var page1 = await PageAsync($"q={token}&pageSize=2&page=1");
        var page2 = await PageAsync($"q={token}&pageSize=2&page=2");
        var page3 = await PageAsync($"q={token}&pageSize=2&page=3");
        var page4 = await PageAsync($"q={token}&pageSize=2&page=4");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await StepAsync("cara", opened[0], "notes", new { text = "Customer rang again." });
        var afterNote = await PageAsync($"q={token}&pageSize=2&page=1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { page1, page2, page3, page4 }.Select(p => p.GetProperty("total").GetInt32()), Is.All.EqualTo(5));
            Assert.That(page1.GetProperty("pageSize").GetInt32(), Is.EqualTo(2));
            Assert.That(page3.GetProperty("page").GetInt32(), Is.EqualTo(3));
            Assert.That(Ids(page1).Concat(Ids(page2)).Concat(Ids(page3)), Is.EqualTo(newestFirst));
            Assert.That(Ids(page4), Is.Empty);
            Assert.That(Ids(afterNote).First(), Is.EqualTo(opened[0].Id), "a note is activity: the case moves to the top");
        }
    }

    [Test]
    public async Task Queue_ForBen_ShowsOnlyTheNewCasesOfHisTeamOldestFirst()
    {
        var first = await OpenAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var billing = await OpenAsync("Billing");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var claimed = await StepAsync("cara", await OpenAsync(), "claim");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await OpenAsync(priority: "P1");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await OpenAsync(priority: "P4");

        var bens = await QueueAsync("ben");
        var dans = await QueueAsync("dan");
        var sams = await QueueAsync("sam");
        var olgas = await QueueAsync("olga");

        var bensIds = bens.Select(c => c.GetProperty("id").GetGuid()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bensIds.Where(id => id == first.Id || id == second.Id || id == third.Id), Is.EqualTo(new[] { first.Id, second.Id, third.Id }), "oldest first, whatever the priority");
            Assert.That(bensIds, Does.Not.Contain(billing.Id).And.Not.Contain(claimed.Id));
            Assert.That(bens.Select(c => c.GetProperty("status").GetString()), Is.All.EqualTo("New"));
            Assert.That(bens.Select(c => c.GetProperty("teamId").GetGuid()), Is.All.EqualTo(App.TeamIds["Front Line"]));
            Assert.That(bens.Select(c => c.GetProperty("openedAt").GetDateTimeOffset()), Is.Ordered.Ascending);
            Assert.That(dans.Select(c => c.GetProperty("id").GetGuid()), Does.Contain(billing.Id).And.Not.Contain(first.Id));
            Assert.That(sams.Select(c => c.GetProperty("id").GetGuid()), Does.Contain(billing.Id).And.Contain(first.Id), "a supervisor of both teams sees both queues");
            Assert.That(olgas.Select(c => c.GetProperty("id").GetGuid()), Does.Not.Contain(first.Id).And.Not.Contain(billing.Id));
        }
    }

    [Test]
    public async Task MyCases_ForBen_ListsTheCasesHeOwnsThatAreNotClosed()
    {
        var open = await StepAsync("ben", await OpenAsync(), "claim");
        var waiting = await StepAsync("ben", await StepAsync("ben", await OpenAsync(), "claim"), "wait-on-customer");
        var resolved = await StepAsync("ben", await StepAsync("ben", await OpenAsync(), "claim"), "resolve", new { summary = "Refunded." });
        var toClose = await StepAsync("ben", await StepAsync("ben", await OpenAsync(), "claim"), "resolve", new { summary = "Done." });
        var closed = await StepAsync("ben", toClose, "close");
        var avas = await StepAsync("ava", await OpenAsync(), "claim");

        var mine = await (await As("ben")).GetFromJsonAsync<JsonElement>("/api/me/cases");

        var ids = mine.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids, Does.Contain(open.Id).And.Contain(waiting.Id).And.Contain(resolved.Id));
            Assert.That(ids, Does.Not.Contain(closed.Id).And.Not.Contain(avas.Id));
            Assert.That(mine.EnumerateArray().Select(c => c.GetProperty("ownerId").GetGuid()), Is.All.EqualTo(App.StaffIds["ben"]));
        }
    }

    [Test]
    public async Task StaffDirectory_ForAnAgent_ListsColleaguesAndTeamsWithoutEmailAddresses()
    {
        using var response = await (await As("olga")).GetAsync("/api/staff");
        var text = await response.Content.ReadAsStringAsync();
        var directory = JsonSerializer.Deserialize<JsonElement>(text);

        var agents = directory.GetProperty("agents").EnumerateArray().ToList();
        var teams = directory.GetProperty("teams").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetGuid());
        var ben = agents.Single(a => a.GetProperty("id").GetGuid() == App.StaffIds["ben"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(agents.Select(a => a.GetProperty("name").GetString()), Is.SupersetOf(SeededColleagues));
            Assert.That(teams, Does.ContainKey("Front Line").And.ContainKey("Billing").And.ContainKey("Outpost"));
            Assert.That(teams["Billing"], Is.EqualTo(App.TeamIds["Billing"]));
            Assert.That(ben.GetProperty("teamIds").EnumerateArray().Select(t => t.GetGuid()), Is.EqualTo(new[] { App.TeamIds["Front Line"] }));
            Assert.That(text, Does.Not.Contain("@").And.Not.Contain("test.example"), "no email addresses");
            Assert.That(agents.SelectMany(a => a.EnumerateObject().Select(p => p.Name)), Has.None.Contains("mail").IgnoreCase);
        }
    }

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid())];

    private async Task<JsonElement> PageAsync(string query) =>
        await (await As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases?{query}");

    private async Task<List<Guid>> IdsAsync(string query) => Ids(await PageAsync(query));

    private async Task<List<JsonElement>> QueueAsync(string who) =>
        [.. (await (await As(who)).GetFromJsonAsync<JsonElement>("/api/queue")).EnumerateArray()];
}
