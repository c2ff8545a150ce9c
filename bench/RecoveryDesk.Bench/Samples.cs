using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RecoveryDesk.Bench;

/// <summary>Latencies in milliseconds; not thread-safe: one per worker, merged afterwards.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public static double MillisecondsSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public static Samples Merge(IEnumerable<Samples> parts)
    {
        var all = new Samples();
        foreach (var part in parts)
        {
            all._values.AddRange(part._values);
        }

        return all;
    }

    public void Add(double milliseconds) => _values.Add(milliseconds);

    public void AddRange(IEnumerable<double> milliseconds) => _values.AddRange(milliseconds);

    public Stats Summarise()
    {
        if (_values.Count == 0)
        {
            return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = _values.ToArray();
        Array.Sort(sorted);
        // Nearest rank: the smallest value with at least p % of the samples at or below it.
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(sorted.Length, Rank(50), Rank(95), Rank(99), sorted[^1], sorted.Average(), sorted[0]);
    }
}

/// <summary>Load at a fixed rate: each request goes out on its schedule, not when the one before it was answered.</summary>
internal static class OpenLoop
{
    /// <summary>Waits until <paramref name="due"/> after <paramref name="started"/> (a Stopwatch timestamp); at once if that has passed.</summary>
    public static async Task WaitForTurnAsync(long started, TimeSpan due, CancellationToken ct)
    {
        var wait = due - Stopwatch.GetElapsedTime(started);
        if (wait > TimeSpan.FromMilliseconds(0.5))
        {
            await Task.Delay(wait, ct);
        }
    }
}

internal readonly record struct Stats(int Count, double P50, double P95, double P99, double Max, double Mean, double Min)
{
    public JsonObject ToJson() => new()
    {
        ["count"] = Count,
        ["p50Ms"] = Round(P50),
        ["p95Ms"] = Round(P95),
        ["p99Ms"] = Round(P99),
        ["maxMs"] = Round(Max),
        ["meanMs"] = Round(Mean),
    };

    public static JsonNode? Round(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 2)) : null;
}
