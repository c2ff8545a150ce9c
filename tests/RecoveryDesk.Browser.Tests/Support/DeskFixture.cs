using Microsoft.Playwright;

namespace RecoveryDesk.Browser.Tests.Support;

/// <summary>
/// A fixture with a desk of its own (server and Chromium) and the API steps that stage its cases; its
/// tests share them and run one after another, while fixtures run side by side.
/// </summary>
public abstract class DeskFixture
{
    protected BrowserDesk Desk { get; private set; } = null!;

    protected Stage Stage { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartDesk()
    {
        Desk = await BrowserDesk.StartAsync();
        Stage = new Stage(Desk);
    }

    /// <summary>The console of the given person, signed in and live.</summary>
    protected async Task<IPage> ConsoleOf(string key)
    {
        var page = await Desk.SignedInAsync(key);
        await BrowserDesk.ShowsAddressAsync(page, "/console");
        await Assertions.Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        return page;
    }

    [OneTimeTearDown]
    public async Task StopDesk()
    {
        Stage?.Dispose();
        if (Desk is not null)
        {
            await Desk.DisposeAsync();
        }
    }
}
