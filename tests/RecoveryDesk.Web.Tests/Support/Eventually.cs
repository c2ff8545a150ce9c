namespace RecoveryDesk.Web.Tests.Support;

/// <summary>Waits for background work (a timer's job, the outbox) to finish, with a timeout; never waits for time to pass.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(25);
            last = await read();
        }

        return last;
    }
}

public static class FakeClockExtensions
{
    /// <summary>Moves the fake clock on; Quartz fires whatever became due (tests then wait for its effect with <see cref="Eventually"/>).</summary>
    public static Task AdvanceAndSettle(this Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan by)
    {
        clock.Advance(by);
        return Task.CompletedTask;
    }
}
