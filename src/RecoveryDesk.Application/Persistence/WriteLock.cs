namespace RecoveryDesk.Application.Persistence;

/// <summary>
/// Where a unit of work waits for its turn to write. SQLite lets one writer in at a time; the server
/// databases order writers by their own row locks and need no queue.
/// </summary>
public interface IWriteLock
{
    /// <summary>Waits for this process's turn to write; disposing the turn hands it to the next writer.</summary>
    ValueTask<WriteTurn> WaitTurnAsync(CancellationToken cancellationToken);
}

/// <summary>A turn to write, held until disposed. The default turn holds nothing.</summary>
public readonly struct WriteTurn(SemaphoreSlim? held) : IDisposable
{
    public void Dispose() => held?.Release();
}

/// <summary>
/// Queues this process's writes to its SQLite file. Left to itself, SQLite makes a writer that finds the
/// lock taken sleep and retry (1, 2, 5 ... 100 ms), so under load writers slept while the lock stood free;
/// queued here, each unit of work hands the lock straight to the next. Registered for SQLite alone.
/// </summary>
public sealed class SqliteWriteLock : IWriteLock, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async ValueTask<WriteTurn> WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        return new WriteTurn(_writer);
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>PostgreSQL and SQL Server: every writer goes straight in; the database's locks decide the order.</summary>
public sealed class ServerWriteLock : IWriteLock
{
    public ValueTask<WriteTurn> WaitTurnAsync(CancellationToken cancellationToken) => ValueTask.FromResult(default(WriteTurn));
}
