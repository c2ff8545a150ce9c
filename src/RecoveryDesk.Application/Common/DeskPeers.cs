namespace RecoveryDesk.Application.Common;

/// <summary>
/// The other instances serving the same desk, told what this one committed so their caches and
/// dispatchers keep up. Never throws: an instance that cannot reach the others catches up by itself
/// (the staff cache within its lifetime, the dispatcher at its next poll).
/// </summary>
public interface IDeskPeers
{
    /// <summary>
    /// After a commit that changed staff, memberships or roles: moves the desk's staff version on, and
    /// returns once the other instances can see it, so the next request anywhere knows.
    /// </summary>
    void StaffChanged();

    /// <summary>The desk's staff version now: when it differs from the last one seen, staff changed somewhere.</summary>
    ValueTask<long> StaffVersionAsync(CancellationToken cancellationToken);

    /// <summary>Outbox messages were committed: whichever instance delivers them should look now.</summary>
    void OutboxWritten();
}

/// <summary>A desk of one instance: there is nobody to tell.</summary>
public sealed class NoPeers : IDeskPeers
{
    public void StaffChanged()
    {
    }

    public ValueTask<long> StaffVersionAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);

    public void OutboxWritten()
    {
    }
}
