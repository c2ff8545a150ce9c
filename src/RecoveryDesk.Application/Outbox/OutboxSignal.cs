using System.Threading.Channels;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// Wakes the dispatcher when a transaction that wrote outbox messages has committed, so a change
/// reaches browsers in milliseconds instead of at the next poll. Wake-ups coalesce: however many
/// commits happen while the dispatcher works, it makes one more pass. The other instances of the desk
/// are woken too (<see cref="IDeskPeers"/>), since the one delivering may not be the one that committed.
/// </summary>
public sealed class OutboxSignal(IDeskPeers peers)
{
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Call only after the commit: a dispatcher woken earlier would not see the messages yet.</summary>
    public void Notify()
    {
        NotifyHere();
        peers.OutboxWritten();
    }

    /// <summary>Wakes this instance's dispatcher only (when another instance committed).</summary>
    public void NotifyHere() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed on <paramref name="clock"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
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
