using Microsoft.Extensions.Logging;

namespace RecoveryDesk.Application.Tests.Support;

/// <summary>
/// One logger factory for every desk the tests start. EF Core keys its internal services, and so its
/// built model, on the logger factory: a factory per desk would rebuild the model for every test.
/// It also counts EF's saves that lost the optimistic-concurrency check, which shows that a race really overlapped.
/// </summary>
public static class DeskLogging
{
    private const string LostSaveEvent = "Microsoft.EntityFrameworkCore.Update.OptimisticConcurrencyException";
    private const string UpdateCategory = "Microsoft.EntityFrameworkCore.Update";

    private static int _lostSaves;

    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Debug)
        .AddFilter((category, level) => category == UpdateCategory && level >= LogLevel.Debug)
        .AddProvider(new LostSaveCounter()));

    /// <summary>Saves that lost the version check since the process started; read before and after a race.</summary>
    public static int LostSaves => Volatile.Read(ref _lostSaves);

    private sealed class LostSaveCounter : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Counter();

        public void Dispose()
        {
        }
    }

    private sealed class Counter : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == LostSaveEvent)
            {
                Interlocked.Increment(ref _lostSaves);
            }
        }
    }
}
