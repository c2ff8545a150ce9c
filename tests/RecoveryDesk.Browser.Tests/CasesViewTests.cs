using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The console's "Cases": a view, an order and filters, a page at a time, each row opening its case.</summary>
public sealed class CasesViewTests : DeskFixture
{
    [Test]
    public async Task Cases_SwitchingViewsSortingFilteringAndPaging_ShowsThoseCases_AndARowOpensItsCase()
    {
        // 26 open cases (a second page), one P1, and one of Ben's waiting on the customer; a second
        // apart, so every order is plain to see.
        var open = new List<StagedCase>();
        for (var i = 0; i < 25; i++)
        {
            Desk.App.Clock.Advance(TimeSpan.FromSeconds(1));
            open.Add(await Stage.OpenCaseAsync($"Views: parcel {i:D2} went missing", priority: "P3"));
        }

        Desk.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var urgent = await Stage.OwnedCaseAsync("ben", "Views: the urgent one", priority: "P1");
        Desk.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var waiting = await Stage.OwnedCaseAsync("ben", "Views: waiting for a photo");
        await Stage.PostAsync("ben", $"/api/cases/{waiting.Id}/wait-on-customer");

        var ben = await ConsoleOf("ben");
        var region = ben.Locator("section.cases-view");
        var status = region.Locator("#cases-status");
        var rows = region.Locator("#cases .case-row");

        // Open, newest activity first: 26 cases on two pages.
        await Assertions.Expect(status).ToHaveTextAsync("1–25 of 26 cases.");
        await Assertions.Expect(region.Locator("#cases-page")).ToHaveTextAsync("Page 1 of 2");
        await Assertions.Expect(rows.First).ToContainTextAsync(urgent.Reference);
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases, open");
        await BrowserDesk.ScreenshotAsync(ben, "console-cases-open");

        await region.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("26–26 of 26 cases.");
        await Assertions.Expect(region.Locator("#cases-page")).ToHaveTextAsync("Page 2 of 2");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(open[0].Reference);
        await Assertions.Expect(region.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases, second page");

        // Oldest first, then priority first: the order is the server's.
        await region.GetByLabel("Sort", new() { Exact = true }).SelectOptionAsync("oldest");
        await Assertions.Expect(region.Locator("#cases-page")).ToHaveTextAsync("Page 1 of 2");
        await Assertions.Expect(rows.First).ToContainTextAsync(open[0].Reference);
        await region.GetByLabel("Sort", new() { Exact = true }).SelectOptionAsync("priority");
        await Assertions.Expect(rows.First).ToContainTextAsync(urgent.Reference);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync(open[0].Reference);
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases by priority");

        // A filter narrows the view.
        await region.GetByLabel("Priority", new() { Exact = true }).SelectOptionAsync("P1");
        await Assertions.Expect(status).ToHaveTextAsync("1 case.");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(urgent.Reference);
        await region.GetByLabel("SLA state", new() { Exact = true }).SelectOptionAsync("breached");
        await Assertions.Expect(status).ToHaveTextAsync("No cases in this view.");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases, filtered to nothing");
        await region.GetByLabel("SLA state", new() { Exact = true }).SelectOptionAsync(string.Empty);
        await region.GetByLabel("Priority", new() { Exact = true }).SelectOptionAsync(string.Empty);

        // Waiting on customer, kept in the address across a reload.
        await region.GetByLabel("View", new() { Exact = true }).SelectOptionAsync("waiting");
        await Assertions.Expect(status).ToHaveTextAsync("1 case.");
        await Assertions.Expect(rows.First).ToContainTextAsync(waiting.Reference);
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex("view=waiting"));
        await ben.ReloadAsync();
        await Assertions.Expect(region.GetByLabel("View", new() { Exact = true })).ToHaveValueAsync("waiting");
        await Assertions.Expect(region.GetByLabel("Sort", new() { Exact = true })).ToHaveValueAsync("priority");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(waiting.Reference);
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases, waiting on customer");

        // Mine: Ben's two; a row opens its case.
        await region.GetByLabel("View", new() { Exact = true }).SelectOptionAsync("mine");
        await Assertions.Expect(status).ToHaveTextAsync("2 cases.");
        await Assertions.Expect(rows.First).ToContainTextAsync(urgent.Reference);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync(waiting.Reference);
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases, mine");
        await BrowserDesk.ScreenshotAsync(ben, "console-cases-mine");
        await rows.First.GetByRole(AriaRole.Link, new() { Name = urgent.Reference }).ClickAsync();
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync(urgent.Reference);
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex($"view=mine.*#case/{urgent.Id}$"));
    }

    [Test]
    public async Task Cases_ShownRow_FollowsTheLiveMessages()
    {
        var staged = await Stage.OpenCaseAsync("Views: followed live");
        var ben = await ConsoleOf("ben");
        var row = ben.Locator("section.cases-view #cases .case-row", new() { HasText = staged.Reference });
        await Assertions.Expect(row).ToContainTextAsync("Margaret Hill");

        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/claim");

        await Assertions.Expect(row).ToContainTextAsync("Owner: Ava Thompson");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console's cases after a live change");

        // Resolved, it stays where it is until the list is read again: which cases a page holds is the server's to say.
        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/resolve", new { summary = "Found at the depot and delivered." });
        await Assertions.Expect(row).ToContainTextAsync("Resolved");
    }
}
