using Microsoft.Playwright;

namespace RecoveryDesk.Browser.Tests;

/// <summary>Live pages answer within a second or two; assertions wait up to 10 s before failing.</summary>
[SetUpFixture]
public sealed class BrowserSetup
{
    [OneTimeSetUp]
    public void SetExpectTimeout() => Assertions.SetDefaultExpectTimeout(10_000);
}
