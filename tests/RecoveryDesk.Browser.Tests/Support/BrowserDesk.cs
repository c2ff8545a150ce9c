using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Browser.Tests.Support;

/// <summary>
/// The real service on Kestrel (loopback, free port, real SQLite file, fake clock) and Debian's
/// Chromium driven by Playwright. Each person gets their own browser context (own cookies).
/// Screenshots go to TestResults/screenshots and are attached to the test result.
/// </summary>
public sealed class BrowserDesk : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private BrowserDesk(DeskApp app) => App = app;

    public DeskApp App { get; }

    public string BaseUrl => App.ServerAddress.ToString().TrimEnd('/');

    public static async Task<BrowserDesk> StartAsync(IDictionary<string, string>? settings = null)
    {
        var desk = new BrowserDesk(await new DeskApp(settings: settings, realServer: true).StartAsync());

        // The pages count SLA deadlines down on the browser's clock: let the fake clock start at the
        // real time, so "due in 15 min" reads right; tests still move it on to make timers fire.
        if (DateTimeOffset.UtcNow > desk.App.Clock.GetUtcNow())
        {
            desk.App.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }

        desk._playwright = await Playwright.CreateAsync();
        desk._browser = await desk._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        return desk;
    }

    /// <summary>A fresh browser (own cookies) at the given viewport; default 1280×800.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(10_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>The customer's status page for a case, on a phone-sized screen, once it is live.</summary>
    public async Task<IPage> StatusPageAsync(StagedCase staged)
    {
        var page = await NewPageAsync(390, 844);
        await page.GotoAsync(staged.StatusPath);
        await Assertions.Expect(page.Locator($"html[data-watching='{staged.Reference}']")).ToHaveCountAsync(1);
        return page;
    }

    /// <summary>Signs in through the sign-in page, as a person would, and waits to land on their page.</summary>
    public async Task<IPage> SignedInAsync(string key, int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(DeskApp.EmailOf(key));
        await page.GetByLabel("Password").FillAsync(DeskApp.Password);
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
        await signIn.ClickAsync();
        // What the person sees: the sign-in form gives way to their own page.
        await Assertions.Expect(signIn).ToHaveCountAsync(0);
        await Assertions.Expect(page).Not.ToHaveURLAsync(SignInAddress());
        return page;
    }

    /// <summary>
    /// Goes to a page and returns once its document is there. A page that sends the person elsewhere
    /// (signed out, or not theirs) may do so before its load event, so waiting for that would race the
    /// browser; callers wait for what the person then sees.
    /// </summary>
    public static async Task OpenAsync(IPage page, string path) =>
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });

    /// <summary>Waits until the person sees the sign-in form at <c>/</c>.</summary>
    public static async Task ShowsSignInAsync(IPage page)
    {
        await Assertions.Expect(page.GetByLabel("Email")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SignInAddress());
    }

    /// <summary>The address bar shows <paramref name="path"/> (polled, not a navigation event).</summary>
    public static async Task ShowsAddressAsync(IPage page, string path) =>
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"://[^/]+{Regex.Escape(path)}([?#].*)?$"));

    private static Regex SignInAddress() => new("://[^/]+/([?#].*)?$");

    /// <summary>Keeps a screenshot of the page as a test artifact.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        App.Dispose();
    }
}
