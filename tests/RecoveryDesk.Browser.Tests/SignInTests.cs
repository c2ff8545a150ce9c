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
        await BrowserDesk.ScreenshotAsync(page, "sign-in");
    }

    [Test]
    public async Task SignIn_AsAdmin_LandsOnTheApiReference()
    {
        await using var desk = await BrowserDesk.StartAsync();
        var page = await desk.SignedInAsync("ada");
        await BrowserDesk.ShowsAddressAsync(page, "/docs/");
    }
}
