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

        var admin = await _stage.As("ada");
        using (var opened = await admin.PutAsJsonAsync("/api/complaint-form", new { enabled = true, teamId = _desk.App.TeamIds["Front Line"] }))
        {
            Assert.That(opened.IsSuccessStatusCode, Is.True, await opened.Content.ReadAsStringAsync());
        }

        await page.ReloadAsync();
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
        await BrowserDesk.ScreenshotAsync(page, "complain-received");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open my case page" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(payload);
        await Assertions.Expect(page.Locator(".public-timeline")).ToContainTextAsync("You sent us this complaint through our web form.");
        await Assertions.Expect(page.Locator("#status-text")).ToContainTextAsync("someone will pick it up");
        Assert.That(page.Url, Does.Not.Contain("code"));
        Assert.That(await page.Locator("main img, main script").CountAsync(), Is.Zero);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
    }
}
