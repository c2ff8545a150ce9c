using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The supervisor board in a real browser: live SLA lists driven by the fake clock, and reassignment.</summary>
public sealed class BoardTests : DeskFixture
{
    [Test]
    public async Task Board_ClockPassesTheDeadline_ShowsAtRiskThenBreachLive()
    {
        var sam = await BoardOf("sam");
        // P1: nobody must own it within 15 minutes; the warning comes at 75 %.
        var staged = await Stage.OpenCaseAsync("Board: nobody has picked this up", priority: "P1");
        await Assertions.Expect(sam.Locator("#breached")).Not.ToContainTextAsync(staged.Reference);

        Desk.App.Clock.Advance(TimeSpan.FromMinutes(12));
        var atRisk = sam.Locator("#atrisk li", new() { HasText = staged.Reference });
        await Assertions.Expect(atRisk).ToContainTextAsync("At risk");

        Desk.App.Clock.Advance(TimeSpan.FromMinutes(4));
        var breach = sam.Locator("#breached li", new() { HasText = staged.Reference });
        await Assertions.Expect(breach).ToContainTextAsync("Breached");
        await Assertions.Expect(breach).ToContainTextAsync("Time to own");
        await Assertions.Expect(breach).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbreached\b"));
        await Assertions.Expect(sam.Locator("#atrisk")).Not.ToContainTextAsync(staged.Reference);
        Assert.That(await Accessibility.UnnamedControlsAsync(sam), Is.Empty);
        await Accessibility.AssertNoAxeViolationsAsync(sam, "the board with rows");
        await BrowserDesk.ScreenshotAsync(sam, "board");
    }

    [Test]
    public async Task Board_CaseWithSeveralBreachedClocks_IsListedOnceWithItsWorstClock()
    {
        // P1 unclaimed: time to own (15 min) and first response (1 h) both pass; after another hour the
        // own clock has gone past the team's supervisors to the admins.
        var staged = await Stage.OpenCaseAsync("Board: every clock breached", priority: "P1");
        Desk.App.Clock.Advance(TimeSpan.FromMinutes(70));
        var sam = await BoardOf("sam");
        var breach = sam.Locator("#breached li", new() { HasText = staged.Reference });
        await Assertions.Expect(breach).ToHaveCountAsync(1);
        await Assertions.Expect(breach).ToContainTextAsync("Time to own");
        await Assertions.Expect(sam.Locator("#escalations")).Not.ToContainTextAsync(staged.Reference);

        Desk.App.Clock.Advance(TimeSpan.FromMinutes(20));
        var escalation = sam.Locator("#escalations li", new() { HasText = staged.Reference });
        await Assertions.Expect(escalation).ToHaveCountAsync(1);
        await Assertions.Expect(escalation).ToContainTextAsync("escalation level 2");
        await Assertions.Expect(sam.Locator("#breached")).Not.ToContainTextAsync(staged.Reference);
        await Assertions.Expect(sam.Locator("#atrisk")).Not.ToContainTextAsync(staged.Reference);
    }

    [Test]
    public async Task CaseView_ClockMetAfterItsDeadline_ReadsBreachedAndMetLate()
    {
        // P1: nobody must own it within 15 minutes; Ava claims it after 20.
        var staged = await Stage.OpenCaseAsync("SLA table: claimed too late", priority: "P1");
        Desk.App.Clock.Advance(TimeSpan.FromMinutes(20));
        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/claim");

        var ava = await Desk.SignedInAsync("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        var own = ava.Locator(".clocks tr", new() { HasText = "Time to own" });
        await Assertions.Expect(own).ToContainTextAsync("Breached met late");
        await Assertions.Expect(own.Locator(".ok")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Reassign_FromTheLoadTable_MovesTheCaseToTheColleaguesConsole()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Board: Ava is off sick");
        var dan = await Desk.SignedInAsync("dan");
        await Assertions.Expect(dan.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        var sam = await BoardOf("sam");

        // A click that lands while a live update redraws the row (mouse down on the old button, up on the
        // new one) is not a click on either; a person would click again, and so does the test.
        var avasRow = sam.GetByRole(AriaRole.Button, new() { Name = "Ava Thompson" });
        for (var attempt = 1; attempt <= 3 && await avasRow.GetAttributeAsync("aria-expanded") != "true"; attempt++)
        {
            await avasRow.ClickAsync();
            try
            {
                await Assertions.Expect(avasRow).ToHaveAttributeAsync("aria-expanded", "true", new() { Timeout = 5000 });
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }

        var avasCases = sam.GetByRole(AriaRole.List, new() { Name = "Open cases of Ava Thompson" });
        await Assertions.Expect(avasCases).ToContainTextAsync(staged.Reference);
        await Accessibility.AssertNoAxeViolationsAsync(sam, "the board with a row's cases opened");

        // Her availability dialog, opened and closed again without a change (a lost click is clicked again).
        var availability = sam.GetByRole(AriaRole.Dialog, new() { Name = "Availability of Ava Thompson" });
        for (var attempt = 1; attempt <= 3 && !await availability.IsVisibleAsync(); attempt++)
        {
            await sam.Locator("#load tr", new() { HasText = "Ava Thompson" }).GetByRole(AriaRole.Button, new() { Name = "Change availability" }).ClickAsync();
            try
            {
                await Assertions.Expect(availability).ToBeVisibleAsync(new() { Timeout = 5000 });
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }

        await Accessibility.AssertNoAxeViolationsAsync(sam, "the board's availability dialog");
        await availability.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(availability).ToBeHiddenAsync();
        await avasCases.GetByRole(AriaRole.Button, new() { Name = $"Reassign {staged.Reference}" }).ClickAsync();

        var dialog = sam.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync($"Reassign {staged.Reference}");
        await dialog.GetByLabel("New owner").SelectOptionAsync(new SelectOptionValue { Label = "Dan Moreau" });
        await dialog.GetByLabel("Reason").FillAsync("Ava is off sick today.");
        await Accessibility.AssertNoAxeViolationsAsync(sam, "the board's reassign dialog");
        await BrowserDesk.ScreenshotAsync(sam, "board-reassign");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(sam.Locator("#notices")).ToContainTextAsync($"{staged.Reference} now belongs to Dan Moreau");
        await Assertions.Expect(avasCases).Not.ToContainTextAsync(staged.Reference);
        await Assertions.Expect(dan.Locator("#mine")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(dan.Locator("#notices")).ToContainTextAsync($"{staged.Reference} was reassigned to you");
    }

    [Test]
    public async Task Board_AtPhoneWidth_FitsTheScreen()
    {
        await Stage.OpenCaseAsync("Board: phone width check", priority: "P1");
        var sam = await Desk.SignedInAsync("sam", 390, 844);
        await Assertions.Expect(sam.Locator("#board-at")).ToContainTextAsync("updates live");
        await Accessibility.AssertNoAxeViolationsAsync(sam, "the board at phone width");
        await BrowserDesk.ScreenshotAsync(sam, "board-phone");
        Assert.That(await Accessibility.ScrollsSidewaysAsync(sam), Is.False);
    }

    [Test]
    public async Task Board_ForAnAgent_SendsThemToTheirConsole()
    {
        var ben = await Desk.SignedInAsync("ben");
        await BrowserDesk.OpenAsync(ben, "/board");
        await BrowserDesk.ShowsAddressAsync(ben, "/console");
        await Assertions.Expect(ben.Locator("#nav")).Not.ToContainTextAsync("Board");
    }

    [Test]
    public async Task SignOut_FromTheBoard_ReturnsToSignIn()
    {
        var sam = await BoardOf("sam");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await BrowserDesk.ShowsSignInAsync(sam);
        await BrowserDesk.OpenAsync(sam, "/board");
        await BrowserDesk.ShowsSignInAsync(sam);
    }

    private async Task<IPage> BoardOf(string key)
    {
        var page = await Desk.SignedInAsync(key);
        await BrowserDesk.ShowsAddressAsync(page, "/board");
        await Assertions.Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        return page;
    }
}
