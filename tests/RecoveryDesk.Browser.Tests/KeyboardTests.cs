using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The console from the keyboard: next and previous case, claim, reply, send, accept, and the "?" overlay.</summary>
public sealed class KeyboardTests : DeskFixture
{
    [Test]
    public async Task Keys_MoveBetweenQueueCases_ClaimOne_AndSendAReply_WithoutTheMouse()
    {
        var first = await Stage.OpenCaseAsync("Keyboard: the first of two in the queue");
        var second = await Stage.OpenCaseAsync("Keyboard: the second of two in the queue");
        var ava = await ConsoleOf("ava");
        var queue = ava.Locator("#queue");
        await Assertions.Expect(queue).ToContainTextAsync(first.Reference);
        await Assertions.Expect(queue).ToContainTextAsync(second.Reference);
        // Opened one after the other, they are next to each other in the queue: j and k step between them.
        var shown = (await queue.Locator(".case-row a.ref").AllTextContentsAsync()).ToList();
        var (upper, lower) = shown.IndexOf(first.Reference) < shown.IndexOf(second.Reference) ? (first, second) : (second, first);
        Assert.That(shown.IndexOf(lower.Reference) - shown.IndexOf(upper.Reference), Is.EqualTo(1), string.Join(", ", shown));
        var head = ava.Locator(".case-head");
        await ava.GotoAsync($"/console#case/{upper.Id}");
        await Assertions.Expect(head).ToContainTextAsync(upper.Reference);

        await ava.Keyboard.PressAsync("j");
        await Assertions.Expect(head).ToContainTextAsync(lower.Reference);
        await ava.Keyboard.PressAsync("k");
        await Assertions.Expect(head).ToContainTextAsync(upper.Reference);

        await ava.Keyboard.PressAsync("c");
        await Assertions.Expect(ava.Locator("#notices")).ToContainTextAsync($"You own {upper.Reference} now.");
        var reply = ava.GetByLabel("Reply to the customer");
        await Assertions.Expect(reply).ToBeVisibleAsync();
        await ava.Keyboard.PressAsync("r");
        await Assertions.Expect(reply).ToBeFocusedAsync();

        // Letters typed in a field are words, not shortcuts; Ctrl+Enter sends.
        await ava.Keyboard.TypeAsync("Jack here: a new vase goes out today.");
        await Assertions.Expect(head).ToContainTextAsync(upper.Reference);
        await ava.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(ava.Locator("#case-message")).ToHaveTextAsync("Reply sent to the customer.");
        await Assertions.Expect(ava.Locator("#detail")).ToContainTextAsync("Jack here: a new vase goes out today.");
    }

    [Test]
    public async Task A_AcceptsTheNewestOfferWaitingForMe()
    {
        var staged = await Stage.OwnedCaseAsync("ben", "Keyboard: offered to Ava");
        var ava = await ConsoleOf("ava");
        await Stage.PostAsync("ben", $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds["ava"], note = "Can you take it from here?" });
        await Assertions.Expect(ava.Locator("#offer-list")).ToContainTextAsync(staged.Reference);

        await ava.Locator("#queue-title").ClickAsync();
        await ava.Keyboard.PressAsync("a");

        await Assertions.Expect(ava.Locator("#notices")).ToContainTextAsync($"You own {staged.Reference} now.");
        await Assertions.Expect(ava.Locator(".case-head")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(ava.Locator("#offer-list")).Not.ToContainTextAsync(staged.Reference);
    }

    [Test]
    public async Task QuestionMark_ShowsTheShortcuts_AndAKeyWithNothingToDo_SaysSo()
    {
        var ava = await ConsoleOf("ava");
        var overlay = ava.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });

        await ava.Locator("#queue-title").ClickAsync();
        await ava.Keyboard.PressAsync("?");
        await Assertions.Expect(overlay).ToBeVisibleAsync();
        await Assertions.Expect(overlay).ToContainTextAsync("Claim the open case");
        await Assertions.Expect(overlay).ToContainTextAsync("Ctrl + Enter");
        await Accessibility.AssertNoAxeViolationsAsync(ava, "the console with its keyboard shortcuts shown");
        await ava.Keyboard.PressAsync("Escape");
        await Assertions.Expect(overlay).ToBeHiddenAsync();

        await ava.GetByRole(AriaRole.Button, new() { Name = "Shortcuts" }).ClickAsync();
        await Assertions.Expect(overlay).ToBeVisibleAsync();
        await overlay.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(overlay).ToBeHiddenAsync();

        await ava.Locator("#queue-title").ClickAsync();
        await ava.Keyboard.PressAsync("c");
        await Assertions.Expect(ava.Locator("#notices")).ToContainTextAsync("The open case is not in the queue for you to claim.");
        await ava.Keyboard.PressAsync("a");
        await Assertions.Expect(ava.Locator("#notices")).ToContainTextAsync("No hand-off is waiting for your answer.");
    }
}
