using System.Collections.Concurrent;

namespace RecoveryDesk.Web.Hosting;

/// <summary>Failures so far for one key: how many, since when, the latest.</summary>
public sealed record FailureCount(int Count, DateTimeOffset First, DateTimeOffset Last);

/// <summary>How long a count lasts: a window from its first failure, or a memory of its latest one. A finished count starts again.</summary>
public sealed record FailureWindow(TimeSpan Length, bool FromFirst)
{
    public bool IsOver(FailureCount count, DateTimeOffset now) => now - (FromFirst ? count.First : count.Last) >= Length;
}

/// <summary>Failed attempts counted per key, on the desk's clock.</summary>
public interface IFailureCounts
{
    DateTimeOffset Now { get; }

    /// <summary>The count for the key, unless there is none or it is finished.</summary>
    Task<FailureCount?> GetAsync(string key);

    /// <summary>Counts one more failure and returns the count with it.</summary>
    Task<FailureCount> AddAsync(string key);

    Task ClearAsync(string key);
}

/// <summary>Where the counts are kept: in memory for a desk of one instance, in Redis when several share the counting.</summary>
public interface IFailureCountStore
{
    /// <summary>The counts kept for one purpose (e.g. "sign-in"), whose keys never meet another purpose's.</summary>
    IFailureCounts For(string purpose, FailureWindow window);
}

internal sealed class InMemoryFailureCountStore(TimeProvider clock) : IFailureCountStore
{
    public IFailureCounts For(string purpose, FailureWindow window) => new InMemoryFailureCounts(clock, window);
}

/// <summary>
/// Counts in memory (one instance's view, reset by a restart). Past <see cref="MaxKeys"/> keys the
/// finished ones are dropped, so a flood of made-up keys cannot grow it without bound.
/// </summary>
internal sealed class InMemoryFailureCounts(TimeProvider clock, FailureWindow window) : IFailureCounts
{
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, FailureCount> _counts = new(StringComparer.Ordinal);

    public DateTimeOffset Now => clock.GetUtcNow();

    public Task<FailureCount?> GetAsync(string key) =>
        Task.FromResult(_counts.TryGetValue(key, out var count) && !window.IsOver(count, Now) ? count : null);

    public Task<FailureCount> AddAsync(string key)
    {
        var now = Now;
        if (_counts.Count >= MaxKeys)
        {
            foreach (var (stale, count) in _counts)
            {
                if (window.IsOver(count, now))
                {
                    _counts.TryRemove(stale, out _);
                }
            }
        }

        return Task.FromResult(_counts.AddOrUpdate(
            key,
            _ => new FailureCount(1, now, now),
            (_, earlier) => window.IsOver(earlier, now) ? new FailureCount(1, now, now) : earlier with { Count = earlier.Count + 1, Last = now }));
    }

    public Task ClearAsync(string key)
    {
        _counts.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
