using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>The figures page in a real browser: totals and charts drawn by Chart.js from the metrics API.</summary>
public sealed class FiguresTests
{
    [Test]
    public async Task Figures_AfterCasesAreResolvedAndAnswered_ShowTotalsAndDrawEveryChart()
    {
        await using var desk = await BrowserDesk.StartAsync();
        using var stage = new Stage(desk);
        // Three cases on three days: a promoter, a detractor, a promoter.
        foreach (var (subject, recommend) in new[] { ("Figures: happy customer", 10), ("Figures: unhappy customer", 3), ("Figures: happy again", 9) })
        {
            var staged = await stage.OwnedCaseAsync("ava", subject);
            await stage.PostAsync("ava", $"/api/cases/{staged.Id}/replies", new { text = "We are on it." });
            await stage.PostAsync("ava", $"/api/cases/{staged.Id}/promises", new { text = "A call back", dueAt = desk.App.Clock.GetUtcNow().AddHours(1) });
            var detail = await stage.GetAsync("ava", $"/api/cases/{staged.Id}");
            var promiseId = detail.GetProperty("promises")[0].GetProperty("id").GetGuid();
            await stage.PostAsync("ava", $"/api/cases/{staged.Id}/promises/{promiseId}/kept");
            desk.App.Clock.Advance(TimeSpan.FromMinutes(30));
            await stage.PostAsync("ava", $"/api/cases/{staged.Id}/resolve", new { summary = "Put right." });
            await stage.CustomerPostAsync(staged, "feedback", new { satisfaction = recommend > 8 ? 5 : 2, buyAgain = recommend > 8 ? "Yes" : "No", recommend });
            desk.App.Clock.Advance(TimeSpan.FromDays(1));
        }

        var sam = await desk.SignedInAsync("sam");
        await sam.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Link, new() { Name = "Figures" }).ClickAsync();
        await BrowserDesk.ShowsAddressAsync(sam, "/board/figures");

        var tiles = sam.Locator("#tiles");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Promises kept" })).ToContainTextAsync("100.0 %");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "NPS" }).Locator(".tile-value")).ToHaveTextAsync("+33");
        // One unit per kind of duration: the resolution tile in hours, as its chart.
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Median resolution" }).Locator(".tile-value")).ToHaveTextAsync("0.5 h");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Top box" })).ToContainTextAsync("66.7 %");
        await Assertions.Expect(sam.Locator("#charts canvas")).ToHaveCountAsync(6);
        var drawn = await sam.EvaluateAsync<int>("() => Object.keys(window.Chart.instances).length");
        Assert.That(drawn, Is.EqualTo(6));

        var agents = sam.Locator("#agents table");
        await Assertions.Expect(agents.Locator("tr", new() { HasText = "Ava Thompson" }).Locator("td").First).ToHaveTextAsync("3");
        await Assertions.Expect(sam.Locator("#figures-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/api/metrics/csv\\?from="));
        var csv = await sam.RunAndWaitForDownloadAsync(() => sam.Locator("#figures-csv").ClickAsync());
        Assert.That(await File.ReadAllTextAsync((await csv.PathAsync())!), Does.Contain("colleague,Ava Thompson,"));

        // Live: a fourth resolution on the desk moves the figures without a reload.
        var fourth = await stage.OwnedCaseAsync("ava", "Figures: resolved while the page is open");
        await stage.PostAsync("ava", $"/api/cases/{fourth.Id}/resolve", new { summary = "Put right while you watched." });
        // The period ends at the server's now, exclusive: the page reads again a few seconds later, as time moves on.
        desk.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Median resolution" })).ToContainTextAsync("4 resolutions");

        await sam.Locator("summary", new() { HasText = "Show the numbers" }).First.ClickAsync();
        await Assertions.Expect(sam.Locator("#charts table").First).ToBeVisibleAsync();
        var times = sam.Locator("#charts figure", new() { HasText = "Median first response and resolution" });
        await times.Locator("summary", new() { HasText = "Show the numbers" }).ClickAsync();
        await Assertions.Expect(times.Locator("thead")).ToContainTextAsync("Resolution (hours)");
        await Assertions.Expect(times.Locator("tbody tr", new() { HasText = "0.5" })).Not.ToHaveCountAsync(0);
        Assert.That(await Accessibility.UnnamedControlsAsync(sam), Is.Empty);
        await Accessibility.AssertNoAxeViolationsAsync(sam, "the figures with their numbers shown");
        await BrowserDesk.ScreenshotAsync(sam, "figures");

        var phone = await desk.SignedInAsync("sam", 390, 844);
        await phone.GotoAsync("/board/figures");
        await Assertions.Expect(phone.Locator("#charts canvas")).ToHaveCountAsync(6);
        Assert.That(await Accessibility.ScrollsSidewaysAsync(phone), Is.False);
        await BrowserDesk.ScreenshotAsync(phone, "figures-phone");

        await sam.GetByLabel("Team").SelectOptionAsync(new SelectOptionValue { Label = "Billing" });
        await Assertions.Expect(sam.Locator("#period-words")).ToContainTextAsync("Billing");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Promises kept" })).ToContainTextAsync("—");
    }

    [Test]
    public async Task Figures_OneOfEach_TilesSaySingularWords()
    {
        await using var desk = await BrowserDesk.StartAsync();
        using var stage = new Stage(desk);
        var staged = await stage.OwnedCaseAsync("ava", "Figures: one of everything");
        await stage.PostAsync("ava", $"/api/cases/{staged.Id}/replies", new { text = "We are on it." });
        await stage.PostAsync("ava", $"/api/cases/{staged.Id}/resolve", new { summary = "Put right." });
        await stage.CustomerPostAsync(staged, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 10 });
        desk.App.Clock.Advance(TimeSpan.FromDays(1));

        var sam = await desk.SignedInAsync("sam");
        await sam.GotoAsync("/board/figures");
        var tiles = sam.Locator("#tiles");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "CSAT" })).ToContainTextAsync("· 1 answer");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Median first response" })).ToContainTextAsync("1 first response");
        await Assertions.Expect(tiles.Locator(".tile", new() { HasText = "Median resolution" })).ToContainTextAsync("1 resolution");
        Assert.That(await tiles.TextContentAsync(), Does.Not.Contain("1 answers").And.Not.Contain("1 resolutions").And.Not.Contain("1 first responses"));
    }
}
