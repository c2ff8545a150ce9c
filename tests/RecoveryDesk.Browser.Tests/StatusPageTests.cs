using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The customer's status page in a real browser: the link, live replies, the survey, and inert text.</summary>
public sealed class StatusPageTests
{
    private BrowserDesk _desk = null!;
    private Stage _stage = null!;

    [OneTimeSetUp]
    public async Task StartDesk()
    {
        // Every browser here comes from 127.0.0.1: the per-address limits would count all tests as one customer.
        _desk = await BrowserDesk.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:CustomerPerAddressPerMinute"] = "1000",
        });
        _stage = new Stage(_desk);
    }

    [OneTimeTearDown]
    public async Task StopDesk()
    {
        _stage.Dispose();
        await _desk.DisposeAsync();
    }

    [Test]
    public async Task StatusLink_Opened_ShowsTheStatusAndTakesTheCodeOutOfTheAddressBar()
    {
        var staged = await _stage.OwnedCaseAsync("ava", "Status: parcel arrived damaged");
        var page = await _desk.NewPageAsync(390, 844);
        await page.GotoAsync(staged.StatusPath);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Status: parcel arrived damaged");
        await Assertions.Expect(page.Locator(".greeting")).ToHaveTextAsync("Hello Mrs Hill,");
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("Ava is looking into this");
        await Assertions.Expect(page.Locator(".owner")).ToContainTextAsync("Ava is looking after you.");
        await Assertions.Expect(page.Locator(".next-step")).ToContainTextAsync("Ava replies to you.");
        Assert.That(page.Url, Does.Not.Contain("code"));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Thompson");

        // A reload keeps working: the code is remembered in this tab only.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("Ava is looking into this");
        Assert.That(await Accessibility.ScrollsSidewaysAsync(page), Is.False);
        Assert.That(await Accessibility.UnnamedControlsAsync(page), Is.Empty);
        await Accessibility.AssertNoAxeViolationsAsync(page, "the status page of an open case");
        await BrowserDesk.ScreenshotAsync(page, "status");
    }

    [Test]
    public async Task StopUpdateMail_FromThePage_IsConfirmedAndOnTheTimeline()
    {
        var staged = await _stage.OwnedCaseAsync("ava", "Status: no update mail please");
        var page = await _desk.StatusPageAsync(staged);

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop update mail" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mail-preference")).ToContainTextAsync("You asked us to stop update mail.");
        await Assertions.Expect(page.Locator(".public-timeline")).ToContainTextAsync("You asked us to stop update mail");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send me update mail again" })).ToBeVisibleAsync();
        var detail = await _stage.GetAsync("ava", $"/api/cases/{staged.Id}");
        Assert.That(detail.GetProperty("customer").GetProperty("updateMail").GetBoolean(), Is.False);
    }

    [Test]
    public async Task StaffReply_WhilePageIsOpen_AppearsLive()
    {
        var staged = await _stage.OpenCaseAsync("Status: live reply");
        var page = await _desk.StatusPageAsync(staged);
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("someone will pick it up");

        await _stage.PostAsync("ben", $"/api/cases/{staged.Id}/claim");
        await Assertions.Expect(page.Locator(".owner")).ToContainTextAsync("Ben is looking after you.");
        await _stage.PostAsync("ben", $"/api/cases/{staged.Id}/replies", new { text = "A replacement is on its way, Mrs Hill." });

        var reply = page.Locator(".public-timeline li", new() { HasText = "A replacement is on its way, Mrs Hill." });
        await Assertions.Expect(reply).ToContainTextAsync("Ben");
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("Ben is looking into this");
    }

    [Test]
    public async Task Feedback_FromADetractor_TheOwnersConsoleSaysAFollowUpIsOpen()
    {
        var staged = await _stage.OwnedCaseAsync("ava", "Status: the owner hears of the follow-up");
        await _stage.PostAsync("ava", $"/api/cases/{staged.Id}/resolve", new { summary = "Refund of £40 sent." });
        var ava = await _desk.SignedInAsync("ava");
        await Assertions.Expect(ava.Locator("html[data-live=connected]")).ToHaveCountAsync(1);

        await _stage.CustomerPostAsync(staged, "feedback", new { satisfaction = 1, buyAgain = "No", recommend = 2 });

        var notice = ava.Locator("#notices");
        await Assertions.Expect(notice).ToContainTextAsync($"The customer of {staged.Reference} is unhappy");
        await Assertions.Expect(notice).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"follow-up case RD-[A-Z0-9]+ is open in the queue"));
    }

    [Test]
    public async Task Resolved_CustomerAnswersAsADetractor_AFollowUpCaseIsOpened()
    {
        var staged = await _stage.OwnedCaseAsync("ava", "Status: survey after resolution");
        var page = await _desk.StatusPageAsync(staged);
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("Ava is looking into this");

        await _stage.PostAsync("ava", $"/api/cases/{staged.Id}/resolve", new { summary = "Refund of £40 sent." });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Is your problem solved?" })).ToBeVisibleAsync();
        var survey = page.Locator("form.survey");
        await Assertions.Expect(survey).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, it is solved" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Is your problem solved?" })).ToBeHiddenAsync();

        // Satisfaction 1, would not buy again, 2 out of 10: a detractor.
        await survey.Locator("#satisfaction label.chip").Filter(new() { Has = page.Locator("input[value='1']") }).ClickAsync();
        await survey.Locator("#buyAgain label.chip").Filter(new() { Has = page.Locator("input[value='No']") }).ClickAsync();
        await survey.Locator("#recommend label.chip").Filter(new() { Has = page.Locator("input[value='2']") }).ClickAsync();
        await survey.GetByLabel("Anything you would like to add? (optional)").FillAsync("It took three weeks.");
        await Assertions.Expect(survey.GetByRole(AriaRole.Radio, new() { Name = "1, very dissatisfied" })).ToBeCheckedAsync();
        Assert.That(await Accessibility.UnnamedControlsAsync(page), Is.Empty);
        await Accessibility.AssertNoAxeViolationsAsync(page, "the status page of a resolved case with the survey");
        await BrowserDesk.ScreenshotAsync(page, "status-survey");
        await survey.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        await Assertions.Expect(page.Locator(".thanks")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".linked")).ToContainTextAsync("We opened a new case for you");
        var followUpReference = await page.Locator(".linked a").First.TextContentAsync();
        var board = await _stage.GetAsync("sam", "/api/board");
        var followUps = board.GetProperty("detractorFollowUps").EnumerateArray().ToList();
        Assert.That(followUps.Select(f => f.GetProperty("originalReference").GetString()), Does.Contain(staged.Reference));
        Assert.That(followUps.Select(f => f.GetProperty("case").GetProperty("reference").GetString()), Does.Contain(followUpReference));
        await Accessibility.AssertNoAxeViolationsAsync(page, "the status page after the survey");
        await BrowserDesk.ScreenshotAsync(page, "status-after-feedback");
    }

    [Test]
    public async Task CustomerMessage_WithScriptPayload_ShowsAsTextHereAndOnTheConsole()
    {
        const string payload = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> still broken";
        var staged = await _stage.OwnedCaseAsync("cara", "Status: payload in a message");
        var console = await _desk.SignedInAsync("cara");
        await console.GotoAsync($"/console#case/{staged.Id}");
        await Assertions.Expect(console.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        var page = await _desk.StatusPageAsync(staged);

        await page.GetByLabel("Write to Cara").FillAsync(payload);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();

        await Assertions.Expect(page.Locator(".public-timeline li.from-you")).ToContainTextAsync(payload);
        Assert.That(await page.Locator("main img, main script").CountAsync(), Is.Zero);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);

        var entry = console.Locator(".timeline li.from-customer", new() { HasText = "still broken" });
        await Assertions.Expect(entry).ToContainTextAsync(payload);
        Assert.That(await console.Locator("main img, main script").CountAsync(), Is.Zero);
        Assert.That(await console.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
    }

    [Test]
    public async Task LookupForm_RightAndWrongCode_OpensTheCaseOrSaysItCannot()
    {
        var staged = await _stage.OpenCaseAsync("Status: typed in by hand");
        var page = await _desk.NewPageAsync(390, 844);
        await page.GotoAsync("/status");
        await page.GetByLabel("Case reference").FillAsync(staged.Reference.ToLowerInvariant());
        await page.GetByLabel("Access code").FillAsync("not-the-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my case" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("could not find a case");
        await Accessibility.AssertNoAxeViolationsAsync(page, "the status lookup form with an error");
        await BrowserDesk.ScreenshotAsync(page, "status-lookup");

        await page.GetByLabel("Access code").FillAsync(staged.AccessCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my case" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Status: typed in by hand");
        await BrowserDesk.ShowsAddressAsync(page, $"/status/{staged.Reference}");
    }
}
