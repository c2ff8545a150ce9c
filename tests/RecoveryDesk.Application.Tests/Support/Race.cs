namespace RecoveryDesk.Application.Tests.Support;

/// <summary>What one contender in a race got back: a result or the exception it threw.</summary>
public sealed record Attempt<T>(T? Result, Exception? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>Starts many calls at the same moment: each waits at one gate, which opens once all are waiting.</summary>
public static class Race
{
    public static async Task<IReadOnlyList<Attempt<T>>> RunAsync<T>(int contenders, Func<int, Task<T>> call)
    {
        // SQLite's "async" calls complete synchronously, so each contender holds a pool thread while it
        // runs; without enough threads up front the pool would let them in two at a time.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, contenders + 4), completionPorts);
        try
        {
            return await RunAllAsync(contenders, call);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
    }

    private static async Task<IReadOnlyList<Attempt<T>>> RunAllAsync<T>(int contenders, Func<int, Task<T>> call)
    {
        using var gate = new SemaphoreSlim(0);
        using var ready = new CountdownEvent(contenders);
        var tasks = Enumerable.Range(0, contenders)
            .Select(i => Task.Run(async () =>
            {
                ready.Signal();
                await gate.WaitAsync();
                try
                {
                    return new Attempt<T>(await call(i), null);
                }
                catch (Exception e)
                {
                    return new Attempt<T>(default, e);
                }
            }))
            .ToArray();

        // Every contender is at the gate before it opens (blocking here is fine: the calls have not started).
        ready.Wait();
        gate.Release(contenders);
        return await Task.WhenAll(tasks);
    }
}
