using System.Collections.Concurrent;

namespace RecoveryDesk.Web.Hosting;

/// <summary>Failures so far for one key: how many, since when, the latest.</summary>
internal sealed record FailureCount(int Count, DateTimeOffset First, DateTimeOffset Last);

/// <summary>
/// Failed attempts counted per key in memory (one instance's view, reset by a restart). A count that
/// <paramref name="isOver"/> says is finished starts again; past <see cref="MaxKeys"/> keys the
/// finished ones are dropped, so a flood of made-up keys cannot grow it without bound.
/// </summary>
internal sealed class FailureCounts(TimeProvider clock, Func<FailureCount, DateTimeOffset, bool> isOver)
{
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, FailureCount> _counts = new(StringComparer.Ordinal);

    public DateTimeOffset Now => clock.GetUtcNow();

    public FailureCount? Get(string key) =>
        _counts.TryGetValue(key, out var count) && !isOver(count, Now) ? count : null;

    public FailureCount Add(string key)
    {
        var now = Now;
        if (_counts.Count >= MaxKeys)
        {
            foreach (var (stale, count) in _counts)
            {
                if (isOver(count, now))
                {
                    _counts.TryRemove(stale, out _);
                }
            }
        }

        return _counts.AddOrUpdate(
            key,
            _ => new FailureCount(1, now, now),
            (_, earlier) => isOver(earlier, now) ? new FailureCount(1, now, now) : earlier with { Count = earlier.Count + 1, Last = now });
    }

    public void Clear(string key) => _counts.TryRemove(key, out _);
}
