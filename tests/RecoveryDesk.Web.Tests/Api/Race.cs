namespace RecoveryDesk.Web.Tests.Api;

/// <summary>Starts many requests at the same moment: each waits at one gate, which opens once all are waiting.</summary>
public static class Race
{
    public static async Task<T[]> RunAsync<T>(int contenders, Func<int, Task<T>> call)
    {
        // The in-memory server runs each request on a pool thread and SQLite's "async" calls complete
        // synchronously; with too few threads up front the pool would let the contenders in a few at a time.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, contenders + 8), ports);
        try
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var ready = new CountdownEvent(contenders);
            var attempts = Enumerable.Range(0, contenders).Select(i => Task.Run(async () =>
            {
                ready.Signal();
                await gate.Task;
                return await call(i);
            })).ToArray();
            ready.Wait(TimeSpan.FromSeconds(30));
            gate.SetResult();
            return await Task.WhenAll(attempts);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, ports);
        }
    }
}
