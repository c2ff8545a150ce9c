using System.Net.Http.Json;
using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The public complaint form in a real browser: closed, then open; a complaint sent and followed on the status page.</summary>
public sealed class ComplaintPageTests
{
    private BrowserDesk _desk = null!;
    private Stage _stage = null!;

    [OneTimeSetUp]
    public async Task StartDesk()
    {
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
    public async Task ComplaintForm_FilledAndSent_ShowsTheReferenceAndItsLinkOpensTheCase()
    {
        const string payload = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> vase broken";
        var page = await _desk.NewPageAsync(390, 844);
        await page.GotoAsync("/complain");
        await Assertions.Expect(page.Locator("#form-closed")).ToContainTextAsync("Please phone or email us");
        await Accessibility.AssertNoAxeViolationsAsync(page, "the complaint page while the form is closed");

        var admin = await _stage.As("ada");
        using (var opened = await admin.PutAsJsonAsync("/api/complaint-form", new { enabled = true, teamId = _desk.App.TeamIds["Front Line"] }))
        {
            Assert.That(opened.IsSuccessStatusCode, Is.True, await opened.Content.ReadAsStringAsync());
        }

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Your name")).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(page, "the empty complaint form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my complaint" }).ClickAsync();
        await Assertions.Expect(page.Locator("#cf-name-error")).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(page, "the complaint form with field errors");
        await page.GetByLabel("Your name").FillAsync("Margaret Hill");
        await page.GetByLabel("How should we address you? (optional)").FillAsync("Mrs Hill");
        await page.GetByLabel("Email").FillAsync("m.hill@example.com");
        await page.GetByLabel("What is it about?").FillAsync(payload);
        await page.GetByLabel("What happened").FillAsync("The box was crushed and the vase inside is broken.");
        Assert.That(await Accessibility.UnnamedControlsAsync(page), Is.Empty);
        Assert.That(await Accessibility.ScrollsSidewaysAsync(page), Is.False);
        await BrowserDesk.ScreenshotAsync(page, "complain");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my complaint" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you: we have your complaint");
        await Assertions.Expect(page.Locator("#reference")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^RD-[0-9A-Z]{6}$"));
        await Assertions.Expect(page.Locator("#access-code")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#mail-notice")).ToContainTextAsync("m.hill@example.com");
        var reference = await page.Locator("#reference").TextContentAsync();
        Assert.That(await page.Locator("#status-link").InputValueAsync(), Does.Contain($"/status/{reference}#code="));
        Assert.That(await Accessibility.UnnamedControlsAsync(page), Is.Empty);
        await Accessibility.AssertNoAxeViolationsAsync(page, "the complaint received page");
        await BrowserDesk.ScreenshotAsync(page, "complain-received");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open my case page" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(payload);
        await Assertions.Expect(page.Locator(".public-timeline")).ToContainTextAsync("You sent us this complaint through our web form.");
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("someone will pick it up");
        Assert.That(page.Url, Does.Not.Contain("code"));
        Assert.That(await page.Locator("main img, main script").CountAsync(), Is.Zero);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
    }

    [Test]
    public async Task ComplaintForm_SentTooSoon_SaysSoAndGoesThroughWhenSentAgain()
    {
        // A desk of its own with the minimum fill time on; the fake clock stands in for the person's typing.
        await using var desk = await BrowserDesk.StartAsync(new Dictionary<string, string> { ["Complaints:MinimumFillTime"] = "00:00:03" });
        using var stage = new Stage(desk);
        using (var opened = await (await stage.As("ada")).PutAsJsonAsync("/api/complaint-form", new { enabled = true, teamId = desk.App.TeamIds["Billing"] }))
        {
            Assert.That(opened.IsSuccessStatusCode, Is.True, await opened.Content.ReadAsStringAsync());
        }

        var page = await desk.NewPageAsync();
        await page.GotoAsync("/complain");
        await page.GetByLabel("Your name").FillAsync("Tom Becker");
        await page.GetByLabel("Phone").FillAsync("+44 20 7946 0001");
        await page.GetByLabel("What is it about?").FillAsync("Delivery left in the rain");
        await page.GetByLabel("What happened").FillAsync("The parcel was left outside and the contents are soaked.");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send my complaint" });
        await send.ClickAsync();
        await Assertions.Expect(page.Locator(".form-error")).ToContainTextAsync("quicker than anyone can fill in the form");
        await Assertions.Expect(send).ToBeEnabledAsync();

        desk.App.Clock.Advance(TimeSpan.FromSeconds(3));
        await send.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you: we have your complaint");
        await Assertions.Expect(page.Locator("#mail-notice")).ToContainTextAsync("You gave no email address");
    }
}
