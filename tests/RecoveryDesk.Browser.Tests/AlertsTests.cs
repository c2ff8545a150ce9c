using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>Alerts that stay: an unread flag and a count in the tab's title until the case is opened, and opt-in desktop alerts.</summary>
public sealed class AlertsTests : DeskFixture
{
    [Test]
    public async Task CustomerMessage_OnMyCase_StaysUnread_AcrossAReload_UntilTheCaseIsOpened()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Alerts: the customer writes back");
        var ava = await ConsoleOf("ava");
        var row = ava.Locator($"#mine .case-row[data-id='{staged.Id}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(ava).ToHaveTitleAsync("Console · RecoveryDesk");

        await Stage.CustomerPostAsync(staged, "messages", new { text = "Any news about my vase?" });

        await Assertions.Expect(row.Locator(".unread-flag")).ToHaveTextAsync("New");
        await Assertions.Expect(ava).ToHaveTitleAsync(UnreadTitle(1));
        await Accessibility.AssertNoAxeViolationsAsync(ava, "the console with an unread case");

        await ava.ReloadAsync();
        await Assertions.Expect(ava.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".unread-flag")).ToHaveTextAsync("New");
        await Assertions.Expect(ava).ToHaveTitleAsync(UnreadTitle(1));

        await row.GetByRole(AriaRole.Link, new() { Name = staged.Reference }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(row.Locator(".unread-flag")).ToHaveCountAsync(0);
        await Assertions.Expect(ava).ToHaveTitleAsync("Console · RecoveryDesk");

        // The customer writing on the case in front of the agent is seen as it arrives: nothing to mark.
        await Stage.CustomerPostAsync(staged, "messages", new { text = "Thank you, I can see you are on it." });
        await Assertions.Expect(ava.Locator("#detail")).ToContainTextAsync("I can see you are on it.");
        await Assertions.Expect(ava).ToHaveTitleAsync("Console · RecoveryDesk");
    }

    [Test]
    public async Task DesktopAlerts_SwitchedOn_PopUpAnOfferWhileTheConsoleIsBehindAnotherWindow()
    {
        var staged = await Stage.OwnedCaseAsync("ben", "Alerts: an offer while Cara is elsewhere");
        var cara = await ConsoleOf("cara");
        await cara.Context.GrantPermissionsAsync(["notifications"]);
        // The operating system's pop-up is outside the page: the page's Notification is watched as it is
        // called, and the console is told it is not in front (another window has the focus).
        await cara.AddInitScriptAsync("""
            (() => {
              const Shown = window.Notification;
              window.shownAlerts = [];
              window.Notification = class extends Shown {
                constructor(title, options) { super(title, options); window.shownAlerts.push({ title, body: options?.body ?? '' }); }
              };
              document.hasFocus = () => false;
            })();
            """);
        await cara.ReloadAsync();
        await Assertions.Expect(cara.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        var toggle = cara.GetByRole(AriaRole.Button, new() { Name = "Desktop alerts off" });
        await toggle.ClickAsync();
        var on = cara.GetByRole(AriaRole.Button, new() { Name = "Desktop alerts on" });
        await Assertions.Expect(on).ToHaveAttributeAsync("aria-pressed", "true");

        await Stage.PostAsync("ben", $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds["cara"], note = "Could you call her back?" });

        await Assertions.Expect(cara).ToHaveTitleAsync(UnreadTitle(1));
        await cara.WaitForFunctionAsync("() => window.shownAlerts.length === 1");
        var shown = await cara.EvaluateAsync<JsonElement>("() => window.shownAlerts[0]");
        Assert.Multiple(() =>
        {
            Assert.That(shown.GetProperty("title").GetString(), Does.StartWith(staged.Reference));
            Assert.That(shown.GetProperty("body").GetString(), Is.EqualTo("Hand-off offered: Alerts: an offer while Cara is elsewhere"));
        });

        await cara.Locator("#notices").GetByRole(AriaRole.Button, new() { Name = "Dismiss message" }).ClickAsync();
        await on.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
    }

    private static Regex UnreadTitle(int count) => new($@"^\({count}\) Console · RecoveryDesk$");
}
