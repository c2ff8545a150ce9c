using System.Collections.Concurrent;

namespace RecoveryDesk.Application.Persistence;

/// <summary>
/// Queues this process's writes to one SQLite file. SQLite lets one writer in at a time and makes the
/// others sleep and retry (1, 2, 5 ... 100 ms), so under load writers slept while the lock stood free;
/// queued here, each save hands the lock straight to the next. Saves inside an explicit transaction
/// are not queued: their transaction already holds (or is taking) SQLite's own lock.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}
