using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>Finding a case in the console: as you type, from the keyboard, and by a link with its reference.</summary>
public sealed class SearchTests : DeskFixture
{
    [Test]
    public async Task Search_TypingPartOfTheCustomersName_ListsTheCase_AndEnterOpensIt()
    {
        var surname = "Quennell" + Guid.NewGuid().ToString("N")[..6];
        var staged = await Stage.OpenCaseAsync("Search: the lamp arrived cracked", customerName: $"Iris {surname}");
        var ben = await ConsoleOf("ben");
        var box = ben.GetByRole(AriaRole.Searchbox, new() { Name = "Find a case" });

        await box.PressSequentiallyAsync(surname[..8].ToLowerInvariant());

        var results = ben.Locator("#search-results");
        await Assertions.Expect(results).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(results).ToContainTextAsync($"Iris {surname}");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console with search results");
        await BrowserDesk.ScreenshotAsync(ben, "console-search");
        await box.PressAsync("ArrowDown");
        await Assertions.Expect(results.GetByRole(AriaRole.Link, new() { Name = staged.Reference })).ToBeFocusedAsync();
        await ben.Keyboard.PressAsync("Enter");
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync(staged.Reference);

        await box.FocusAsync();
        await box.PressAsync("Escape");
        await Assertions.Expect(box).ToHaveValueAsync(string.Empty);
        await Assertions.Expect(results).ToBeHiddenAsync();
    }

    [Test]
    public async Task Search_ForSomethingNobodyWrote_SaysNoCasesMatch()
    {
        var ben = await ConsoleOf("ben");

        await ben.GetByRole(AriaRole.Searchbox, new() { Name = "Find a case" }).FillAsync("Zzyzx" + Guid.NewGuid().ToString("N")[..6]);

        await Assertions.Expect(ben.Locator("#search-status")).ToHaveTextAsync("No cases match.");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console with a search that found nothing");
    }

    [Test]
    public async Task Slash_OutsideAField_FocusesTheSearchBox_ButTypesInAField()
    {
        var ben = await ConsoleOf("ben");
        var box = ben.GetByRole(AriaRole.Searchbox, new() { Name = "Find a case" });

        await ben.Locator("#queue-title").ClickAsync();
        await ben.Keyboard.PressAsync("/");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await Assertions.Expect(box).ToHaveValueAsync(string.Empty);

        await ben.Keyboard.TypeAsync("a/b");
        await Assertions.Expect(box).ToHaveValueAsync("a/b");
    }

    [Test]
    public async Task LinkByReference_OpensTheCase_AndAnUnknownOneSaysSo()
    {
        var staged = await Stage.OpenCaseAsync("Search: linked by its reference");
        var ben = await ConsoleOf("ben");

        await ben.GotoAsync($"/console#case/{staged.Reference}");
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync("Search: linked by its reference");

        await ben.GotoAsync("/console#case/RD-ZZZZZZ");
        await Assertions.Expect(ben.Locator("#detail")).ToContainTextAsync("There is no case RD-ZZZZZZ.");
    }
}
