using System.Threading.Channels;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// Wakes the dispatcher when a transaction that wrote outbox messages has committed, so a change
/// reaches browsers in milliseconds instead of at the next poll. Wake-ups coalesce: however many
/// commits happen while the dispatcher works, it makes one more pass.
/// </summary>
public class OutboxSignal
{
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Call only after the commit: a dispatcher woken earlier would not see the messages yet.</summary>
    public void Notify() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed on <paramref name="clock"/>, whichever is first.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken) =>
        WaitUntilAsync(clock.GetUtcNow() + timeout, clock, cancellationToken);

    /// <summary>Returns when notified or when <paramref name="clock"/> reaches <paramref name="until"/>, whichever is first.</summary>
    public async Task WaitUntilAsync(DateTimeOffset until, TimeProvider clock, CancellationToken cancellationToken)
    {
        var timeout = until - clock.GetUtcNow();
        using var timer = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, clock);
        if (clock.GetUtcNow() >= until)
        {
            // The clock reached the time while the timer was being made (a timer counts from its own start).
            timer.Cancel();
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _wakeUps.Reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The safety timeout: look anyway.
        }

        // Consumed before the pass reads, so a commit during the pass wakes the next one.
        _wakeUps.Reader.TryRead(out _);
    }
}
