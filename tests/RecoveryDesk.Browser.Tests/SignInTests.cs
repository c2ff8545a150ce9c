using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

public sealed class SignInTests
{
    [Test]
    public async Task SignIn_WrongPassword_SaysSoAndStays()
    {
        await using var desk = await BrowserDesk.StartAsync();
        var page = await desk.NewPageAsync();
        var response = await page.GotoAsync("/");
        Assert.That(response!.Headers["content-security-policy"], Does.Contain("script-src 'self'").And.Not.Contain("unsafe-inline"));
        await page.GetByLabel("Email").FillAsync("ava@test.example");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not work");
        await Accessibility.AssertNoAxeViolationsAsync(page, "the sign-in page with an error");
        await BrowserDesk.ScreenshotAsync(page, "sign-in");
    }

    [Test]
    public async Task SignIn_EmptyForm_SaysWhatIsMissing()
    {
        await using var desk = await BrowserDesk.StartAsync();
        var page = await desk.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByLabel("Email")).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(page, "the empty sign-in page");
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
        await signIn.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Enter your email and your password.");
        await Assertions.Expect(page.GetByLabel("Email")).ToBeFocusedAsync();

        await page.GetByLabel("Email").FillAsync("ava@test.example");
        await signIn.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Enter your password.");
        await Assertions.Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
    }

    [Test]
    public async Task SignIn_AsAdmin_LandsOnTheApiReference()
    {
        await using var desk = await BrowserDesk.StartAsync();
        var page = await desk.SignedInAsync("ada");
        await BrowserDesk.ShowsAddressAsync(page, "/docs/");
    }
}
