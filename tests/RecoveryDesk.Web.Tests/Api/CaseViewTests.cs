using System.Net.Http.Json;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>
/// The case list's views, orders, filters and pages (GET /api/cases?view=&amp;sort=&amp;...). Each test
/// narrows the shared desk's cases to its own with a word in the subject (q), so other tests' cases
/// never get in the way.
/// </summary>
public sealed class CaseViewTests : ApiFixture
{
    [Test]
    public async Task ListCases_ByView_ShowsEachViewsCasesToWhoeverAsks()
    {
        var token = Guid.NewGuid().ToString("N");
        var queued = await OpenAsync(subject: $"{token} queued");
        var avas = await StepAsync("ava", await OpenAsync(subject: $"{token} Ava's"), "claim");
        var bens = await StepAsync("ben", await OpenAsync(subject: $"{token} Ben's"), "claim");
        var waiting = await StepAsync("ava", await StepAsync("ava", await OpenAsync(subject: $"{token} waiting"), "claim"), "wait-on-customer");
        var resolved = await StepAsync("ava", await StepAsync("ava", await OpenAsync(subject: $"{token} resolved"), "claim"), "resolve", new { summary = "Sorted." });
        var closed = await StepAsync("ava", await StepAsync("ava", await StepAsync("ava", await OpenAsync(subject: $"{token} closed"), "claim"), "resolve", new { summary = "Sorted." }), "close");
        var billing = await OpenAsync("Billing", $"{token} billing");
        Guid[] everything = [queued.Id, avas.Id, bens.Id, waiting.Id, resolved.Id, closed.Id, billing.Id];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync("ava", $"q={token}&view=open"), Is.EquivalentTo(new[] { queued.Id, avas.Id, bens.Id, billing.Id }));
            Assert.That(await IdsAsync("ava", $"q={token}&view=waiting"), Is.EquivalentTo(new[] { waiting.Id }));
            Assert.That(await IdsAsync("ava", $"q={token}&view=resolved"), Is.EquivalentTo(new[] { resolved.Id }));
            Assert.That(await IdsAsync("ava", $"q={token}&view=closed"), Is.EquivalentTo(new[] { closed.Id }));
            Assert.That(await IdsAsync("ava", $"q={token}&view=mine"), Is.EquivalentTo(new[] { avas.Id, waiting.Id }), "in hand: not resolved or closed");
            Assert.That(await IdsAsync("ava", $"q={token}&view=myTeams"), Is.EquivalentTo(new[] { queued.Id, avas.Id, bens.Id, waiting.Id }), "Front Line's, not Billing's");
            Assert.That(await IdsAsync("dan", $"q={token}&view=myTeams"), Is.EquivalentTo(new[] { billing.Id }));
            Assert.That(await IdsAsync("sam", $"q={token}&view=myTeams"), Is.EquivalentTo(new[] { queued.Id, avas.Id, bens.Id, waiting.Id, billing.Id }), "a supervisor of both teams");
            Assert.That(await IdsAsync("dan", $"q={token}&view=all"), Is.EquivalentTo(everything), "any colleague may read any case");
            Assert.That(await IdsAsync("dan", $"q={token}"), Is.EquivalentTo(everything), "no view is all, as before");
            Assert.That(await IdsAsync("ava", $"q={token}&view=open&status=Open"), Is.EquivalentTo(new[] { avas.Id, bens.Id }), "a status narrows a view");
            Assert.That(await IdsAsync("ava", $"q={token}&view=mine&status=Closed"), Is.Empty);
            Assert.That(await IdsAsync("ava", $"q={token}&view=myTeams&teamId={App.TeamIds["Billing"]}"), Is.Empty, "not one of Ava's teams");
            Assert.That(await IdsAsync("ava", $"q={token}&view=OPEN"), Is.EquivalentTo(new[] { queued.Id, avas.Id, bens.Id, billing.Id }), "names in any letter case");
        }
    }

    [Test]
    public async Task ListCases_BySort_ComesInThatOrder()
    {
        var token = Guid.NewGuid().ToString("N");
        var p3 = await OpenAsync(subject: $"{token} first P3", priority: "P3");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var p1 = await OpenAsync(subject: $"{token} second P1", priority: "P1");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var p2 = await OpenAsync(subject: $"{token} third P2", priority: "P2");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var waiting = await StepAsync("ava", await StepAsync("ava", await OpenAsync(subject: $"{token} fourth waiting", priority: "P1"), "claim"), "wait-on-customer");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await StepAsync("cara", p3, "notes", new { text = "Customer rang again." });

        var byNextDue = await PageAsync("ava", $"q={token}&sort=nextDue");
        var due = Rows(byNextDue).Select(r => r.GetProperty("nextDueAt")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync("ava", $"q={token}"), Is.EqualTo(new[] { p3.Id, waiting.Id, p2.Id, p1.Id }), "newest activity first by default");
            Assert.That(await IdsAsync("ava", $"q={token}&sort=lastActivity"), Is.EqualTo(new[] { p3.Id, waiting.Id, p2.Id, p1.Id }));
            Assert.That(await IdsAsync("ava", $"q={token}&sort=oldest"), Is.EqualTo(new[] { p3.Id, p1.Id, p2.Id, waiting.Id }));
            Assert.That(await IdsAsync("ava", $"q={token}&sort=priority"), Is.EqualTo(new[] { p1.Id, waiting.Id, p2.Id, p3.Id }), "P1 first, the oldest first within a priority");
            Assert.That(Ids(byNextDue).Last(), Is.EqualTo(waiting.Id), "a paused case has no due time and comes after those that have");
            Assert.That(due[^1].ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(due.SkipLast(1).Select(d => d.GetDateTimeOffset()), Is.Ordered.Ascending, "the soonest due first");
            Assert.That(Ids(byNextDue).Take(3), Is.EquivalentTo(new[] { p1.Id, p2.Id, p3.Id }));
        }
    }

    [Test]
    public async Task ListCases_FilteredByTeamPriorityAndChannel_ReturnsOnlyTheMatchingCases()
    {
        var token = Guid.NewGuid().ToString("N");
        var phoneP1 = await OpenAsync(subject: $"{token} phone P1", priority: "P1");
        var phoneP2 = await OpenAsync(subject: $"{token} phone P2", priority: "P2");
        var billingP1 = await OpenAsync("Billing", $"{token} billing P1", "P1");
        var emailP1 = await OpenByEmailAsync($"{token} email P1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await IdsAsync("sam", $"q={token}&channel=Email"), Is.EqualTo(new[] { emailP1 }));
            Assert.That(await IdsAsync("sam", $"q={token}&channel=Phone&priority=P1"), Is.EquivalentTo(new[] { phoneP1.Id, billingP1.Id }));
            Assert.That(await IdsAsync("sam", $"q={token}&view=open&teamId={App.TeamIds["Front Line"]}&priority=P1"), Is.EquivalentTo(new[] { phoneP1.Id, emailP1 }));
            Assert.That(await IdsAsync("sam", $"q={token}&teamId={App.TeamIds["Billing"]}"), Is.EqualTo(new[] { billingP1.Id }));
            Assert.That(await IdsAsync("sam", $"q={token}&priority=P2&sort=oldest"), Is.EqualTo(new[] { phoneP2.Id }));
            Assert.That(await IdsAsync("sam", $"q={token}&sla=breached"), Is.Empty, "nothing has breached yet");
            Assert.That(await IdsAsync("sam", $"q={token}&channel=Web"), Is.Empty);
        }
    }

    [Test]
    public async Task ListCases_InPagesOverSeveralStatuses_GivesEveryCaseOnceInOrderWithTheTotal()
    {
        var token = Guid.NewGuid().ToString("N");
        var opened = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            var staged = await OpenAsync(subject: $"{token} case {i}");
            // Some claimed and some resolved, so the statuses interleave in time.
            if (i % 2 == 0 || i % 3 == 0)
            {
                staged = await StepAsync("ava", staged, "claim");
            }

            if (i % 3 == 0)
            {
                await StepAsync("ava", staged, "resolve", new { summary = "Sorted." });
            }

            opened.Add(staged.Id);
        }

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await PageAsync("ben", $"q={token}&view=all&sort=oldest&pageSize=2&page={page}"));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.SelectMany(Ids), Is.EqualTo(opened), "oldest first across New, Open and Resolved");
            Assert.That(pages.Select(p => p.GetProperty("total").GetInt32()), Is.All.EqualTo(7));
            Assert.That(pages.Select(p => p.GetProperty("totalCapped").GetBoolean()), Is.All.False);
            Assert.That(Ids(await PageAsync("ben", $"q={token}&view=all&sort=oldest&pageSize=2&page=5")), Is.Empty);
            Assert.That((await PageAsync("ben", $"q={token}&view=all&sort=oldest&pageSize=3&page=3")).GetProperty("items").GetArrayLength(), Is.EqualTo(1));
        }
    }

    private async Task<Guid> OpenByEmailAsync(string subject) =>
        (await App.OpenCaseAsync(await As(Owner), subject: subject, priority: "P1", channel: "Email")).GetProperty("id").GetGuid();

    private static IEnumerable<JsonElement> Rows(JsonElement page) => page.GetProperty("items").EnumerateArray();

    private static List<Guid> Ids(JsonElement page) => [.. Rows(page).Select(c => c.GetProperty("id").GetGuid())];

    private async Task<JsonElement> PageAsync(string who, string query) =>
        await (await As(who)).GetFromJsonAsync<JsonElement>($"/api/cases?{query}");

    private async Task<List<Guid>> IdsAsync(string who, string query) => Ids(await PageAsync(who, query));
}
