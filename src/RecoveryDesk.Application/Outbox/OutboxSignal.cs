using System.Threading.Channels;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// Wakes a background worker (a dispatcher, a mailbox reader) when there is work for it, so it acts in
/// milliseconds instead of at its next poll. Wake-ups coalesce: however many arrive while the worker is
/// busy, it makes one more pass.
/// </summary>
public class WakeUpSignal
{
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Call only after the commit: a worker woken earlier would not see the work yet.</summary>
    public virtual void Notify() => NotifyHere();

    /// <summary>Wakes this instance's worker only.</summary>
    public void NotifyHere() => _wakeUps.Writer.TryWrite(true);

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

        // Consumed before the pass reads, so a wake-up during the pass wakes the next one.
        _wakeUps.Reader.TryRead(out _);
    }
}

/// <summary>
/// Wakes the outbox dispatcher when a transaction that wrote outbox messages has committed. The other
/// instances of the desk are woken too (<see cref="IDeskPeers"/>), since the one delivering may not be
/// the one that committed.
/// </summary>
public sealed class OutboxSignal(IDeskPeers peers) : WakeUpSignal
{
    public override void Notify()
    {
        NotifyHere();
        peers.OutboxWritten();
    }
}
