using System.Net.Http.Json;
using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>
/// Who takes what, as a desk lives it: a supervisor switches offered assignment on, an agent marks
/// herself away with a substitute, and a new case and a customer's message each find the right person,
/// who takes ownership with a handshake. The fixture's own desk, since it changes Front Line's settings.
/// </summary>
public sealed class AssignmentTests : DeskFixture
{
    [Test]
    public async Task OfferedAssignmentAndCover_ANewCaseAndACustomerMessage_EachReachTheRightPersonWithAHandshake()
    {
        // Ava owns a case before she goes away; Cara is off shift today, so Ben is the one available.
        var avasCase = await Stage.OwnedCaseAsync("ava", "Cover: the courier lost the parcel");
        var cara = await Stage.As("cara");
        (await cara.PutAsJsonAsync("/api/me/availability", new { state = "Off" })).EnsureSuccessStatusCode();

        var board = await PageOf("sam", "/board");
        var frontLine = board.Locator("form[aria-label='Assignment for Front Line']");
        await frontLine.GetByLabel("New cases").SelectOptionAsync("Offered");
        await frontLine.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(board.Locator("#notices")).ToContainTextAsync("Front Line: new cases are offered to one available member at a time.");

        var ava = await PageOf("ava", "/console");
        await ava.Locator("#availability summary").ClickAsync();
        await Assertions.Expect(ava.GetByLabel("I am")).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(ava, "the console with the availability panel open");
        await ava.GetByLabel("I am").SelectOptionAsync("Away");
        await ava.GetByLabel("Substitute").SelectOptionAsync(new SelectOptionValue { Label = "Ben Okafor" });
        await ava.GetByRole(AriaRole.Button, new() { Name = "Save availability" }).ClickAsync();
        await Assertions.Expect(ava.Locator("#availability-state")).ToHaveTextAsync("Away");
        // The board hears it live.
        await Assertions.Expect(board.Locator("#load tr", new() { HasText = "Ava Thompson" })).ToContainTextAsync("Away");

        var ben = await PageOf("ben", "/console");
        var fresh = await Stage.OpenCaseAsync("Offered: the wrong size arrived");
        var offer = ben.Locator("article.prompt", new() { HasText = fresh.Reference });
        await Assertions.Expect(offer).ToContainTextAsync($"The Front Line queue offers you {fresh.Reference}");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console with an offer from the queue");
        await BrowserDesk.ScreenshotAsync(ben, "console-offer-from-queue");
        await offer.GetByRole(AriaRole.Button, new() { Name = $"Accept {fresh.Reference}" }).ClickAsync();
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync("Owner: Ben Okafor (you)");

        await Stage.CustomerPostAsync(avasCase, "messages", new { text = "Has anyone found my parcel yet?" });
        var cover = ben.Locator("article.prompt", new() { HasText = avasCase.Reference });
        await Assertions.Expect(cover).ToContainTextAsync($"Ava Thompson is away: the desk offers you {avasCase.Reference}");
        await Assertions.Expect(cover).ToContainTextAsync("Has anyone found my parcel yet?");
        await Assertions.Expect(board.Locator("#covers")).ToContainTextAsync(avasCase.Reference);
        await Accessibility.AssertNoAxeViolationsAsync(board, "the board with assignment settings and a cover");
        await cover.GetByRole(AriaRole.Button, new() { Name = $"Accept {avasCase.Reference}" }).ClickAsync();
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync("Owner: Ben Okafor (you)");
        await Assertions.Expect(board.Locator("#covers")).Not.ToContainTextAsync(avasCase.Reference);
    }

    private async Task<IPage> PageOf(string key, string path)
    {
        var page = await Desk.SignedInAsync(key);
        await BrowserDesk.OpenAsync(page, path);
        await BrowserDesk.ShowsAddressAsync(page, path);
        await Assertions.Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        return page;
    }
}
