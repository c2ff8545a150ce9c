using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The agent console in a real browser: the live queue, claiming, hand-offs, the case view and the new-case form.</summary>
public sealed class ConsoleTests : DeskFixture
{
    [Test]
    public async Task Handoff_OfferedByAva_BenAcceptsTheLivePromptAndAvaNoLongerListsTheCase()
    {
        var ava = await ConsoleOf("ava");
        var ben = await ConsoleOf("ben");
        var staged = await Stage.OpenCaseAsync("Hand-off: refund needs approval");

        // The new case arrives in Ava's queue without a reload; she claims it in one click.
        await Assertions.Expect(ava.Locator("#queue")).ToContainTextAsync(staged.Reference);
        await ava.GetByRole(AriaRole.Button, new() { Name = $"Claim {staged.Reference}", Exact = true }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head")).ToContainTextAsync("Owner: Ava Thompson (you)");
        await Assertions.Expect(ava.Locator("#mine")).ToContainTextAsync(staged.Reference);

        await ava.Locator("summary", new() { HasText = "Hand off" }).ClickAsync();
        await ava.GetByLabel("Offer to", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ben Okafor" });
        await ava.GetByLabel("Hand-off note", new() { Exact = true }).FillAsync("Refund approved up to £40; she expects a call by 3 pm.");
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a case open with the hand-off form");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Offer hand-off" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".handoff-pending")).ToContainTextAsync("You offered this case to Ben Okafor");

        var prompt = ben.Locator("article.prompt", new() { HasText = staged.Reference });
        await Assertions.Expect(prompt).ToContainTextAsync($"Ava Thompson offers you {staged.Reference}");
        await Assertions.Expect(prompt).ToContainTextAsync("Refund approved up to £40; she expects a call by 3 pm.");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console with a hand-off prompt");
        await BrowserDesk.ScreenshotAsync(ben, "console-handoff-prompt");
        await prompt.GetByRole(AriaRole.Button, new() { Name = $"Accept {staged.Reference}" }).ClickAsync();

        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync("Owner: Ben Okafor (you)");
        await Assertions.Expect(ben.Locator("#mine")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(ben.Locator("#offers")).ToBeHiddenAsync();
        await Assertions.Expect(ava.Locator("#mine")).Not.ToContainTextAsync(staged.Reference);
        await Assertions.Expect(ava.Locator("#notices")).ToContainTextAsync($"accepted {staged.Reference}");
        await Assertions.Expect(ava.Locator(".notice")).ToContainTextAsync("Ben Okafor owns this case");
    }

    [Test]
    public async Task LiveMessages_MoveRowsBetweenTheLists_WithoutReadingTheListsAgain()
    {
        var cara = await ConsoleOf("cara");
        var listReads = new List<string>();
        cara.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path is "/api/queue" or "/api/me/cases" or "/api/me/handoffs")
            {
                listReads.Add(path);
            }
        };

        var staged = await Stage.OpenCaseAsync("Live: applied from the message");
        await Assertions.Expect(cara.Locator("#queue")).ToContainTextAsync(staged.Reference);
        await Stage.PostAsync("ben", $"/api/cases/{staged.Id}/claim");
        await Assertions.Expect(cara.Locator("#queue")).Not.ToContainTextAsync(staged.Reference);
        await Stage.PostAsync("ben", $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds["cara"], note = "Yours if you want it." });
        var prompt = cara.Locator("article.prompt", new() { HasText = staged.Reference });
        await Assertions.Expect(prompt).ToContainTextAsync("Yours if you want it.");
        await prompt.GetByRole(AriaRole.Button, new() { Name = $"Accept {staged.Reference}" }).ClickAsync();

        await Assertions.Expect(cara.Locator("#mine")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(cara.Locator("#offers")).ToBeHiddenAsync();
        await Assertions.Expect(cara.Locator(".case-head")).ToContainTextAsync("Owner: Cara Lindqvist (you)");
        Assert.That(listReads, Is.Empty, "each message carries its row; the lists are read only after a reconnect");
    }

    [Test]
    public async Task CaseView_ForAColleagueWhoDoesNotOwnIt_OffersOnlyWhatTheServerAllows()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Case view: not mine");
        var ben = await ConsoleOf("ben");
        await ben.GotoAsync($"/console#case/{staged.Id}");

        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync("Owner: Ava Thompson");
        await Assertions.Expect(ben.GetByLabel("Internal note")).ToBeVisibleAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ben.GetByLabel("Reply to the customer").CountAsync(), Is.Zero);
            Assert.That(await ben.Locator("#handoff-box, #resolve-box, #promise-box, #reassign-box, #wait-on-customer").CountAsync(), Is.Zero);
        }
    }

    [Test]
    public async Task CaseView_OwnerWithdrawsAnOfferThenClosesAndReopens_TheButtonsFollowTheCase()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Case view: withdraw, close, reopen");
        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds["ben"], note = "Could you take it?" });
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");

        await Assertions.Expect(ava.Locator("#resolve-box")).ToHaveCountAsync(0);
        await ava.GetByRole(AriaRole.Button, new() { Name = "Withdraw the offer" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".handoff-pending")).ToHaveCountAsync(0);
        await ava.Locator("#resolve-box summary").ClickAsync();
        await ava.GetByLabel("How it was put right").FillAsync("Refunded in full.");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Resolve case" }).ClickAsync();
        await ava.GetByRole(AriaRole.Button, new() { Name = "Close case" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head .pill")).ToHaveTextAsync("Closed");
        await Assertions.Expect(ava.GetByLabel("Reply to the customer")).ToHaveCountAsync(0);

        await ava.Locator("summary", new() { HasText = "Reopen" }).ClickAsync();
        await ava.GetByLabel("Why reopen it?").FillAsync("The refund bounced.");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Reopen case" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head .pill")).ToHaveTextAsync("Open");
        await Assertions.Expect(ava.GetByLabel("Reply to the customer")).ToBeVisibleAsync();
        await Assertions.Expect(ava.Locator("#mine")).ToContainTextAsync(staged.Reference);
    }

    [Test]
    public async Task CaseView_TwoAgentsOnOneCase_SeeEachOther_AndAReplyTheCaseOutranIsHeldUntilSendAnyway()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Collision: two agents on one case");
        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds["ben"], note = "Could you take it? She wants a call." });
        var ava = await ConsoleOf("ava");
        var ben = await ConsoleOf("ben");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        await ben.GotoAsync($"/console#case/{staged.Id}");

        await Assertions.Expect(ava.Locator("#presence")).ToHaveTextAsync("Also here: Ben Okafor");
        await Assertions.Expect(ben.Locator("#presence")).ToHaveTextAsync("Also here: Ava Thompson");

        // Ava writes while Ben, whom she offered the case, declines it.
        await ava.GetByLabel("Reply to the customer").PressSequentiallyAsync("Ben will call you this afternoon.");
        await Assertions.Expect(ben.Locator("#presence")).ToContainTextAsync("Ava Thompson (writing a reply…)");
        var prompt = ben.Locator("article.prompt", new() { HasText = staged.Reference });
        await prompt.GetByRole(AriaRole.Button, new() { Name = "Decline…" }).ClickAsync();
        await prompt.GetByLabel("Why are you declining?").FillAsync("I am off from noon.");
        await prompt.GetByRole(AriaRole.Button, new() { Name = "Send decline" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".timeline")).ToContainTextAsync("I am off from noon.");

        await ava.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        var held = ava.Locator("#reply-held");
        await Assertions.Expect(held).ToContainTextAsync("Ben Okafor declined the hand-off just now. Your reply was not sent.");
        await Assertions.Expect(ava.GetByLabel("Reply to the customer")).ToHaveValueAsync("Ben will call you this afternoon.");
        await Assertions.Expect(ava.Locator(".timeline")).Not.ToContainTextAsync("Ben will call you this afternoon.");
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a case open with a held reply");
        await BrowserDesk.ScreenshotAsync(ava, "console-reply-held");

        await ava.GetByLabel("Reply to the customer").FillAsync("Sorry: I will call you this afternoon myself.");
        await held.GetByRole(AriaRole.Button, new() { Name = "Send anyway" }).ClickAsync();
        await Assertions.Expect(ava.Locator("#case-message")).ToHaveTextAsync("Reply sent to the customer.");
        await Assertions.Expect(ben.Locator(".timeline")).ToContainTextAsync("Sorry: I will call you this afternoon myself.");
        await Assertions.Expect(ben.Locator("#presence")).ToHaveTextAsync("Also here: Ava Thompson");

        // Ben closes his console: Ava no longer sees him, at once.
        await ben.Context.CloseAsync();
        await Assertions.Expect(ava.Locator("#presence")).ToBeHiddenAsync();
    }

    [Test]
    public async Task CaseView_AColleagueNotHeardFromFor30Seconds_IsNoLongerShown()
    {
        var staged = await Stage.OwnedCaseAsync("cara", "Presence: a colleague whose console went quiet");
        var cara = await Desk.SignedInAsync("cara");
        await cara.Clock.InstallAsync();
        await cara.GotoAsync("about:blank");
        await BrowserDesk.OpenAsync(cara, $"/console#case/{staged.Id}");
        await Assertions.Expect(cara.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await Assertions.Expect(cara.Locator("#case-title")).ToContainTextAsync(staged.Reference);
        // Her console is in the case's presence, so it hears the others arrive.
        await Assertions.Expect(cara.Locator($"html[data-viewing='{staged.Id}']")).ToHaveCountAsync(1);
        var presence = cara.Locator("#presence");

        // Ben's console says it is there once and then falls silent (its browser froze, its server died);
        // Dan's keeps saying so, as a console does every 10 s.
        await using var ben = await Stage.DeskConnectionAsync("ben");
        await using var dan = await Stage.DeskConnectionAsync("dan");
        await ben.InvokeAsync("ViewCase", staged.Id);
        await dan.InvokeAsync("ViewCase", staged.Id);
        await Assertions.Expect(presence).ToHaveTextAsync("Also here: Ben Okafor, Dan Moreau");
        foreach (var _ in new[] { 1, 2 })
        {
            await cara.Clock.RunForAsync(10_000);
            await dan.InvokeAsync("ViewCase", staged.Id);
            await Assertions.Expect(presence).ToHaveTextAsync("Also here: Ben Okafor, Dan Moreau");
        }

        await cara.Clock.RunForAsync(11_000);
        await Assertions.Expect(presence).ToHaveTextAsync("Also here: Dan Moreau");
    }

    [Test]
    public async Task HandoffPicker_ListsOnlyColleaguesWhoCanOwnCases()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Hand-off picker: who can take it");
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        await ava.Locator("summary", new() { HasText = "Hand off" }).ClickAsync();

        var picker = ava.GetByLabel("Offer to", new() { Exact = true });
        await Assertions.Expect(picker.Locator("option", new() { HasText = "Ben Okafor" })).ToHaveCountAsync(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await picker.Locator("option", new() { HasText = "Ada Nakamura" }).CountAsync(), Is.Zero, "the admin is on no team");
            Assert.That(await picker.Locator("option", new() { HasText = "Ava Thompson" }).CountAsync(), Is.Zero, "not to herself");
        }
    }

    [Test]
    public async Task Handoff_Declined_SenderReadsTheReasonAndKeepsTheCase()
    {
        var cara = await ConsoleOf("cara");
        var ben = await ConsoleOf("ben");
        var staged = await Stage.OwnedCaseAsync("cara", "Hand-off: declined");
        await Stage.PostAsync("cara", $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds["ben"], note = "Can you take this one?" });

        var prompt = ben.Locator("article.prompt", new() { HasText = staged.Reference });
        await prompt.GetByRole(AriaRole.Button, new() { Name = "Decline…" }).ClickAsync();
        await prompt.GetByLabel("Why are you declining?").FillAsync("I am off from noon.");
        await prompt.GetByRole(AriaRole.Button, new() { Name = "Send decline" }).ClickAsync();

        await Assertions.Expect(ben.Locator("#offer-list")).Not.ToContainTextAsync(staged.Reference);
        await Assertions.Expect(cara.Locator("#notices")).ToContainTextAsync($"Ben Okafor declined {staged.Reference}: I am off from noon. You still own it.");
        await Assertions.Expect(cara.Locator("#mine")).ToContainTextAsync(staged.Reference);

        // The notice stays until dismissed, and leaves the top bar usable: a click on Sign out would reach it.
        await cara.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync(new() { Trial = true, Timeout = 5000 });
        await Accessibility.AssertNoAxeViolationsAsync(cara, "the console with a decline notice showing");
    }

    [Test]
    public async Task CaseView_ListsTheCustomersOtherCases_AndOpensOne()
    {
        var earlier = await Stage.OpenCaseAsync("History: the earlier complaint");
        var staged = await Stage.OwnedCaseAsync("ava", "History: the latest complaint");
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");

        var history = ava.Locator("#customer-history");
        await Assertions.Expect(history).ToContainTextAsync(earlier.Reference);
        await history.GetByRole(AriaRole.Link, new() { Name = earlier.Reference }).ClickAsync();

        await Assertions.Expect(ava.Locator("#case-title")).ToContainTextAsync("History: the earlier complaint");
    }

    [Test]
    public async Task SavedReply_PickedByTheOwner_TheReplyBoxShowsItFilledInForTheCase_AsPlainText()
    {
        var title = $"Saved reply {Guid.NewGuid():N}";
        await Stage.PostAsync("sam", $"/api/teams/{Desk.App.TeamIds["Front Line"]}/saved-replies", new { title, text = "Dear {addressAs}, {ownerFirstName} here about {reference}. <b>Sorry</b>" });
        var staged = await Stage.OwnedCaseAsync("ava", "Saved reply: the picker");
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");

        await ava.GetByLabel("Saved reply", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = title });
        await ava.GetByRole(AriaRole.Button, new() { Name = "Insert", Exact = true }).ClickAsync();

        var box = ava.GetByLabel("Reply to the customer", new() { Exact = true });
        await Assertions.Expect(box).ToHaveValueAsync($"Dear Mrs Hill, Ava here about {staged.Reference}. <b>Sorry</b>");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await Assertions.Expect(ava.Locator("#saved-reply-note")).ToContainTextAsync("Inserted");
    }

    [Test]
    public async Task LostLink_TheOwnerIssuesANewCode_ShownOnce_AndTheOldCodeStopsWorking()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Lost link: a new code");
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");

        await ava.Locator("summary", new() { HasText = "Customer lost the link?" }).ClickAsync();
        await ava.GetByRole(AriaRole.Button, new() { Name = "Issue a new access code" }).ClickAsync();

        var message = ava.Locator("#case-message");
        await Assertions.Expect(message).ToContainTextAsync($"New access code for {staged.Reference}: ");
        await Assertions.Expect(message).ToContainTextAsync("The new link is mailed to");
        var code = System.Text.RegularExpressions.Regex.Match(await message.TextContentAsync() ?? string.Empty, $"{staged.Reference}: (?<code>[^ .]+)\\.").Groups["code"].Value;
        using var anonymous = new HttpClient { BaseAddress = Desk.App.ServerAddress };
        using var old = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{staged.Reference}");
        old.Headers.Add("X-Access-Code", staged.AccessCode);
        using var fresh = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{staged.Reference}");
        fresh.Headers.Add("X-Access-Code", code);
        Assert.That((await anonymous.SendAsync(old)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        Assert.That((await anonymous.SendAsync(fresh)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), $"the code shown: '{code}'");
    }

    [Test]
    public async Task Handoff_OfferedFromTheCaseView_SenderIsToldWhoItWentTo()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Hand-off: who it went to");
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");

        await ava.Locator("summary", new() { HasText = "Hand off" }).ClickAsync();
        await ava.GetByLabel("Offer to", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ben Okafor" });
        await ava.GetByLabel("Hand-off note", new() { Exact = true }).FillAsync("She wants a call before noon.");

        // A colleague's note redraws the open case while Ava is still in the form.
        await Stage.PostAsync("ben", $"/api/cases/{staged.Id}/notes", new { text = "Courier confirmed the damage." });
        await Assertions.Expect(ava.Locator(".timeline")).ToContainTextAsync("Courier confirmed the damage.");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Offer hand-off" }).ClickAsync();

        await Assertions.Expect(ava.Locator(".handoff-pending")).ToContainTextAsync("You offered this case to Ben Okafor");
        await Assertions.Expect(ava.Locator("#case-message")).ToHaveTextAsync("Hand-off offered to Ben Okafor. You own the case until they accept.");
    }

    [Test]
    public async Task Handoff_DeclinedWithAReasonEndingInAFullStop_NoticeHasOneFullStop()
    {
        var cara = await ConsoleOf("cara");
        var staged = await Stage.OwnedCaseAsync("cara", "Hand-off: declined in a sentence");
        var handoff = await OfferAsync("cara", staged, "ben");
        await Stage.PostAsync("ben", $"/api/cases/{staged.Id}/handoffs/{handoff}/decline", new { reason = "Not my area, please ask Cara." });

        var notice = cara.Locator("#notices");
        await Assertions.Expect(notice).ToContainTextAsync("please ask Cara. You still own it.");
        Assert.That(await notice.TextContentAsync(), Does.Not.Contain(".."));
    }

    [Test]
    public async Task Offers_ANewOneArrives_ItIsListedAboveTheOlderOnes()
    {
        var older = await Stage.OwnedCaseAsync("ava", "Offers order: the older one");
        await OfferAsync("ava", older, "ben");
        var ben = await ConsoleOf("ben");
        await Assertions.Expect(ben.Locator("article.prompt", new() { HasText = older.Reference })).ToBeVisibleAsync();

        Desk.App.Clock.Advance(TimeSpan.FromSeconds(5));
        var newer = await Stage.OwnedCaseAsync("cara", "Offers order: the newer one");
        await OfferAsync("cara", newer, "ben");

        var first = ben.Locator("#offer-list article.prompt").First;
        await Assertions.Expect(first).ToContainTextAsync(newer.Reference);
        await ben.ReloadAsync();
        await Assertions.Expect(ben.Locator("#offer-list article.prompt", new() { HasText = older.Reference })).ToBeVisibleAsync();
        await Assertions.Expect(ben.Locator("#offer-list article.prompt").First).ToContainTextAsync(newer.Reference);
    }

    [Test]
    public async Task Countdowns_OnAPcWhoseClockIsHoursAhead_FollowTheServersClock()
    {
        // P2: someone must own it within an hour of the server's now.
        var staged = await Stage.OpenCaseAsync("Countdown: the desk PC's clock is wrong");
        var cara = await ConsoleOf("cara");
        await cara.Clock.SetSystemTimeAsync(Desk.App.Clock.GetUtcNow().UtcDateTime.AddHours(3));
        await cara.ReloadAsync();

        var row = cara.Locator("#queue li", new() { HasText = staged.Reference });
        await Assertions.Expect(row.Locator(".countdown")).ToContainTextAsync("Due in");
        await Assertions.Expect(row).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbreached\b"));
    }

    [Test]
    public async Task Claim_RaceInTwoBrowsers_OneWinnerAndTheOtherIsToldWhoGotIt()
    {
        var cara = await ConsoleOf("cara");
        var ben = await ConsoleOf("ben");
        var staged = await Stage.OpenCaseAsync("Claim race: both want it");
        await Assertions.Expect(cara.Locator("#queue")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(ben.Locator("#queue")).ToContainTextAsync(staged.Reference);

        // Ben clicks first, but his request reaches the server only after Cara's has won.
        var benAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var caraWon = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ben.RouteAsync("**/api/cases/*/claim", async route =>
        {
            benAsked.TrySetResult();
            await caraWon.Task;
            await route.ContinueAsync();
        });
        await ben.GetByRole(AriaRole.Button, new() { Name = $"Claim {staged.Reference}", Exact = true }).ClickAsync();
        await benAsked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cara.GetByRole(AriaRole.Button, new() { Name = $"Claim {staged.Reference}", Exact = true }).ClickAsync();
        await Assertions.Expect(cara.Locator(".case-head")).ToContainTextAsync("Owner: Cara Lindqvist (you)");
        caraWon.SetResult();

        await Assertions.Expect(ben.Locator("#notices")).ToContainTextAsync("Cara Lindqvist claimed this case a moment ago");
        await Assertions.Expect(ben.Locator("#queue")).Not.ToContainTextAsync(staged.Reference);
        var detail = await Stage.GetAsync("sam", $"/api/cases/{staged.Id}");
        Assert.That(detail.GetProperty("ownerName").GetString(), Is.EqualTo("Cara Lindqvist"));
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console after a lost claim race");
        await BrowserDesk.ScreenshotAsync(ben, "console-lost-race");
    }

    [Test]
    public async Task Reconnect_ChangesMissedWhileDisconnected_BannerShowsThenTheQueueIsReRead()
    {
        var ben = await Desk.SignedInAsync("ben");
        IWebSocketRoute? socket = null;
        await ben.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/hubs/desk"), ws =>
        {
            socket = ws;
            ws.ConnectToServer();
        });
        await ben.ReloadAsync(); // the hub connects again, now through the route
        await Assertions.Expect(ben.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        var staged = await Stage.OpenCaseAsync("Reconnect: claimed while Ben was offline");
        await Assertions.Expect(ben.Locator("#queue")).ToContainTextAsync(staged.Reference);

        // The network drops and stays down for a moment: no new connection can be negotiated.
        await ben.RouteAsync("**/hubs/desk/negotiate**", route => route.AbortAsync());
        await socket!.CloseAsync(new() { Code = 4000, Reason = "network down" });
        await Assertions.Expect(ben.Locator("#live-banner")).ToContainTextAsync("reconnecting");
        await Accessibility.AssertNoAxeViolationsAsync(ben, "the console while it reconnects");
        await BrowserDesk.ScreenshotAsync(ben, "console-reconnecting");

        // Cara claims the case meanwhile; nothing can reach Ben's console.
        await Stage.PostAsync("cara", $"/api/cases/{staged.Id}/claim");
        await Assertions.Expect(ben.Locator("#queue")).ToContainTextAsync(staged.Reference);

        await ben.UnrouteAsync("**/hubs/desk/negotiate**");
        await Assertions.Expect(ben.Locator("#live-banner")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(ben.Locator("#queue")).Not.ToContainTextAsync(staged.Reference);
    }

    [Test]
    public async Task CaseView_OwnerWorksTheCase_PublicAndInternalEntriesAreToldApart()
    {
        var ava = await ConsoleOf("ava");
        var staged = await Stage.OwnedCaseAsync("ava", "Case view: vase broken in transit");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        await Assertions.Expect(ava.Locator(".customer")).ToContainTextAsync("Mrs Hill");

        await ava.GetByLabel("Reply to the customer", new() { Exact = true }).FillAsync("I am sorry, Mrs Hill. A new vase is on its way.");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        var reply = ava.Locator(".timeline li", new() { HasText = "A new vase is on its way." });
        await Assertions.Expect(reply).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpublic\b"));
        await Assertions.Expect(reply).ToContainTextAsync("Customer sees this");

        await ava.GetByLabel("Internal note", new() { Exact = true }).FillAsync("Courier claim number 4471 filed.");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        var note = ava.Locator(".timeline li", new() { HasText = "Courier claim number 4471 filed." });
        await Assertions.Expect(note).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\binternal\b"));
        await Assertions.Expect(note).ToContainTextAsync("Internal only");

        // A promise with the due-time picker (its default is two hours from now), then kept.
        await ava.Locator("summary", new() { HasText = "Make a promise" }).ClickAsync();
        await ava.GetByLabel("What you promise", new() { Exact = true }).FillAsync("I will call you back");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Record promise" }).ClickAsync();
        var promise = ava.Locator(".promises li", new() { HasText = "I will call you back" });
        await Assertions.Expect(promise).ToContainTextAsync("Open · due");
        await promise.GetByRole(AriaRole.Button, new() { Name = "Mark kept" }).ClickAsync();
        await Assertions.Expect(promise).ToContainTextAsync("Kept");

        // A second promise, renegotiated after telling the customer.
        await ava.Locator("summary", new() { HasText = "Make a promise" }).ClickAsync();
        await ava.GetByLabel("What you promise", new() { Exact = true }).FillAsync("The replacement arrives");
        await ava.GetByLabel("Due by", new() { Exact = true }).FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture));
        await ava.GetByRole(AriaRole.Button, new() { Name = "Record promise" }).ClickAsync();
        var second = ava.Locator(".promises li", new() { HasText = "The replacement arrives" });
        await second.Locator("summary", new() { HasText = "Renegotiate" }).ClickAsync();
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a case open with its promises and the renegotiate form");
        await second.GetByLabel("What you told the customer").FillAsync("The courier is a day late; I told Mrs Hill by phone.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save the new time" }).ClickAsync();
        await Assertions.Expect(second).ToContainTextAsync("first promised for");

        await ava.GetByRole(AriaRole.Button, new() { Name = "Wait on customer" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head .pill")).ToHaveTextAsync("Waiting on customer");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Resume work" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head .pill")).ToHaveTextAsync("Open");
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a case open with its timeline");
        await BrowserDesk.ScreenshotAsync(ava, "case-view");

        // The renegotiated promise is still owed: resolving asks what became of it.
        await ava.Locator("#resolve-box summary").ClickAsync();
        await ava.GetByLabel("How it was put right", new() { Exact = true }).FillAsync("Replacement vase delivered.");
        var outcome = ava.GetByRole(AriaRole.Group, new() { Name = "Promise: The replacement arrives" });
        await Assertions.Expect(outcome).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a case open with the resolve form and a promise still owed");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Resolve case" }).ClickAsync();
        await Assertions.Expect(ava.Locator("#resolve-box .form-error")).ToContainTextAsync("Say what became of each open promise");
        await outcome.Locator("label.chip").Filter(new() { HasText = "Not kept" }).ClickAsync();
        await outcome.GetByLabel("What we tell the customer").FillAsync("The courier lost the second vase; we refunded it instead.");
        await Accessibility.AssertNoAxeViolationsAsync(ava, "the resolve form with a promise not kept");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Resolve case" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head .pill")).ToHaveTextAsync("Resolved");
        await Assertions.Expect(ava.Locator(".promises li", new() { HasText = "The replacement arrives" })).ToContainTextAsync("Broken");
        await Assertions.Expect(ava.Locator(".timeline li", new() { HasText = "we refunded it instead" })).ToContainTextAsync("Customer sees this");

        await OpenAsync(ava, "#reopen-box");
        await ava.GetByLabel("Why reopen it?", new() { Exact = true }).FillAsync("The new vase is chipped too.");
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a resolved case with the reopen form");
        await ava.GetByRole(AriaRole.Button, new() { Name = "Reopen case" }).ClickAsync();
        await Assertions.Expect(ava.Locator(".case-head .pill")).ToHaveTextAsync("Open");
        Assert.That(await Accessibility.UnnamedControlsAsync(ava), Is.Empty);
    }

    [Test]
    public async Task MyCases_ResolvedOnes_MoveToRecentlyResolvedFoldedAway()
    {
        var working = await Stage.OwnedCaseAsync("cara", "My cases: still being worked on");
        var done = await Stage.OwnedCaseAsync("cara", "My cases: resolved before the console opened");
        await Stage.PostAsync("cara", $"/api/cases/{done.Id}/resolve", new { summary = "Refunded." });
        var cara = await ConsoleOf("cara");

        var recently = cara.Locator("#mine-resolved-box");
        await Assertions.Expect(cara.Locator("#mine")).ToContainTextAsync(working.Reference);
        await Assertions.Expect(cara.Locator("#mine")).Not.ToContainTextAsync(done.Reference);
        await Assertions.Expect(recently).Not.ToHaveAttributeAsync("open", "");
        await Assertions.Expect(cara.Locator("#mine-resolved")).ToBeHiddenAsync();

        // Resolved while the console is open: the row moves at once.
        await Stage.PostAsync("cara", $"/api/cases/{working.Id}/resolve", new { summary = "Replaced." });
        await Assertions.Expect(cara.Locator("#mine")).Not.ToContainTextAsync(working.Reference);
        await recently.Locator("summary").ClickAsync();
        await Assertions.Expect(cara.Locator("#mine-resolved")).ToContainTextAsync(working.Reference);
        await Assertions.Expect(cara.Locator("#mine-resolved")).ToContainTextAsync(done.Reference);
        await Accessibility.AssertNoAxeViolationsAsync(cara, "my cases with recently resolved unfolded");
    }

    [Test]
    public async Task Times_OnTheConsoleAndTheStatusPage_ReadOneWayInTheTeamsZone()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Times: one way on every page");
        var now = Desk.App.Clock.GetUtcNow();
        var due = new DateTimeOffset(now.Year, now.Month, now.Day, 10, 30, 0, TimeSpan.Zero).AddDays(2);
        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/promises", new { text = "A courier collects the vase", dueAt = due });
        // The teams here run the 24x7 default calendar, in UTC.
        var written = due.ToString(due.Year == now.Year ? "dddd d MMMM 'at' HH:mm" : "dddd d MMMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        await Assertions.Expect(ava.Locator(".promises li", new() { HasText = "A courier collects the vase" })).ToContainTextAsync($"due {written}");
        var made = ava.Locator(".timeline li:not(.mail)", new() { HasText = "A courier collects the vase" });
        await Assertions.Expect(made).ToContainTextAsync(written);
        await Assertions.Expect(made).Not.ToContainTextAsync(due.ToString("u", System.Globalization.CultureInfo.InvariantCulture));

        var customer = await Desk.NewPageAsync(390, 844);
        await customer.GotoAsync(staged.StatusPath);
        await Assertions.Expect(customer.Locator("main")).ToContainTextAsync($"By {written}");
        await Assertions.Expect(customer.Locator(".public-timeline")).ToContainTextAsync($"Promised by {written}");
    }

    [Test]
    public async Task CustomerText_WithScriptPayload_RendersAsText()
    {
        var ava = await ConsoleOf("ava");
        const string payload = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
        var staged = await Stage.OpenCaseAsync($"Payload {payload}", customerName: $"Eve {payload}", preferredAddress: payload, description: payload);

        await Assertions.Expect(ava.Locator("#queue")).ToContainTextAsync($"Payload {payload}");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        await Assertions.Expect(ava.Locator(".customer")).ToContainTextAsync($"Eve {payload}");
        await Assertions.Expect(ava.Locator(".description")).ToContainTextAsync(payload);
        Assert.That(await ava.Locator("main img, main script").CountAsync(), Is.Zero);
        Assert.That(await ava.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
    }

    [Test]
    public async Task NewCase_FromTheConsole_ShowsReferenceAndStatusLinkOnce()
    {
        var cara = await ConsoleOf("cara");
        await cara.GetByRole(AriaRole.Button, new() { Name = "New case" }).ClickAsync();
        await cara.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();
        await Assertions.Expect(cara.Locator("#nc-name-error")).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(cara, "the new case form with field errors");

        await cara.GetByLabel("Name", new() { Exact = true }).FillAsync("Oliver Grant");
        await cara.GetByLabel("How they wish to be addressed").FillAsync("Mr Grant");
        await cara.GetByLabel("Phone", new() { Exact = true }).FillAsync("+44 20 7946 0000");
        await cara.GetByLabel("Subject", new() { Exact = true }).FillAsync("Wrong size delivered twice");
        await cara.GetByLabel("What happened").FillAsync("Ordered size 10, got 12 twice.");
        await cara.Locator("#detail").GetByLabel("Priority").SelectOptionAsync("P2");
        await BrowserDesk.ScreenshotAsync(cara, "console-new-case");
        await cara.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();

        await Assertions.Expect(cara.Locator("#detail h2")).ToContainTextAsync("opened");
        var link = await cara.GetByLabel("Status link for the customer").InputValueAsync();
        Assert.That(link, Does.Match(@"/status/RD-[A-Z0-9]+#code=.+"));
        var code = await cara.Locator("#access-code").TextContentAsync();
        Assert.That(link, Does.EndWith(Uri.EscapeDataString(code!)));
        await Assertions.Expect(cara.GetByRole(AriaRole.Button, new() { Name = "Copy link" })).ToBeVisibleAsync();
        await Assertions.Expect(cara.Locator("#mail-notice")).ToContainTextAsync("No email address: nothing will be mailed");
        await Assertions.Expect(cara.Locator("#queue")).ToContainTextAsync("Wrong size delivered twice");
        await Accessibility.AssertNoAxeViolationsAsync(cara, "the new case just opened, with its status link");
        await BrowserDesk.ScreenshotAsync(cara, "console-new-case-created");
    }

    [Test]
    public async Task CaseView_ShowsEachMailTheCustomerGot_WithItsText()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Mail: the acknowledgement on the timeline");
        await Stage.PostAsync("ava", $"/api/cases/{staged.Id}/replies", new { text = "We are sending a new vase today." });
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");

        var acknowledgement = ava.Locator(".timeline li.mail", new() { HasText = "We have your complaint" });
        await Assertions.Expect(acknowledgement).ToContainTextAsync("To Margaret Hill <m.hill@example.com>");
        await Assertions.Expect(acknowledgement.Locator(".tag")).ToHaveTextAsync("Sent");
        await Assertions.Expect(ava.Locator(".timeline li.mail", new() { HasText = "Re: Mail: the acknowledgement" })).ToBeVisibleAsync();
        await acknowledgement.Locator("summary", new() { HasText = "What the customer got" }).ClickAsync();
        var text = acknowledgement.Locator(".mail-text");
        await Assertions.Expect(text).ToContainTextAsync("Dear Mrs Hill,");
        await Assertions.Expect(text).ToContainTextAsync($"/status/{staged.Reference}#code=withheld");
        await Assertions.Expect(ava.Locator("#mail-failed")).ToHaveCountAsync(0);
        await Accessibility.AssertNoAxeViolationsAsync(ava, "a case open with a mail the customer got");
        await BrowserDesk.ScreenshotAsync(ava, "console-case-mail");
    }

    [Test]
    public async Task Console_AtPhoneWidth_FitsAndOpensACase()
    {
        var staged = await Stage.OwnedCaseAsync("ben", "Phone width: delivery left in the rain");
        var ben = await Desk.SignedInAsync("ben", 390, 844);
        await Assertions.Expect(ben.Locator("#mine")).ToContainTextAsync(staged.Reference);
        Assert.That(await Accessibility.ScrollsSidewaysAsync(ben), Is.False);
        await BrowserDesk.ScreenshotAsync(ben, "console-phone");

        await ben.Locator("#mine").GetByRole(AriaRole.Link, new() { Name = staged.Reference }).ClickAsync();
        await Assertions.Expect(ben.Locator(".case-head")).ToContainTextAsync(staged.Reference);
        await Assertions.Expect(ben.Locator("#lists")).ToBeHiddenAsync();
        Assert.That(await Accessibility.ScrollsSidewaysAsync(ben), Is.False);
        await BrowserDesk.ScreenshotAsync(ben, "case-view-phone");
        await ben.GetByRole(AriaRole.Link, new() { Name = "← Back to the lists" }).ClickAsync();
        await Assertions.Expect(ben.Locator("#lists")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Keyboard_SignInAndClaim_WorkWithoutAMouse()
    {
        var staged = await Stage.OpenCaseAsync("Keyboard: claim without a mouse");
        var page = await Desk.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FocusAsync();
        await page.Keyboard.TypeAsync(Web.Tests.Support.DeskApp.EmailOf("cara"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Web.Tests.Support.DeskApp.Password);
        await page.Keyboard.PressAsync("Enter");
        await BrowserDesk.ShowsAddressAsync(page, "/console");
        await Assertions.Expect(page.Locator("#queue")).ToContainTextAsync(staged.Reference);

        // The first Tab reaches the skip link, which leads straight to the queue.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to the queue");
        await Accessibility.AssertNoAxeViolationsAsync(page, "the console's lists");
        var claim = page.GetByRole(AriaRole.Button, new() { Name = $"Claim {staged.Reference}", Exact = true });
        for (var i = 0; i < 60 && !await claim.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(claim).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".case-head")).ToContainTextAsync("Owner: Cara Lindqvist (you)");
        Assert.That(await Accessibility.UnnamedControlsAsync(page), Is.Empty);
    }

    /// <summary>
    /// Opens a folded box of the case view. The view is drawn again as the last messages of a change
    /// arrive, which may fold the box once more; then the person opens it again.
    /// </summary>
    private static async Task OpenAsync(IPage page, string box)
    {
        var details = page.Locator(box);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await details.Locator("summary").ClickAsync();
            try
            {
                await Assertions.Expect(details).ToHaveAttributeAsync("open", string.Empty, new() { Timeout = 2000 });
                await Assertions.Expect(details.Locator("textarea").First).ToBeVisibleAsync(new() { Timeout = 2000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 2)
            {
                // drawn again meanwhile: open it again
            }
        }
    }

    /// <summary>Offers the case to a colleague through the API and returns the hand-off's id.</summary>
    private async Task<Guid> OfferAsync(string from, StagedCase staged, string to)
    {
        await Stage.PostAsync(from, $"/api/cases/{staged.Id}/handoffs", new { toAgentId = Desk.App.StaffIds[to], note = "Could you take it?" });
        var detail = await Stage.GetAsync(from, $"/api/cases/{staged.Id}");
        return detail.GetProperty("pendingHandoff").GetProperty("id").GetGuid();
    }
}
