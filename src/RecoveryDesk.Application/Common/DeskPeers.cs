namespace RecoveryDesk.Application.Common;

/// <summary>
/// The other instances serving the same desk, told what this one committed so their caches and
/// dispatchers keep up. Called after a commit and never throws: a peer that misses a word catches up
/// by itself (the staff cache within its lifetime, the dispatcher at its next poll).
/// </summary>
public interface IDeskPeers
{
    /// <summary>Staff, memberships or roles changed: forget who anyone is.</summary>
    void StaffChanged();

    /// <summary>Outbox messages were committed: whichever instance delivers them should look now.</summary>
    void OutboxWritten();
}

/// <summary>A desk of one instance: there is nobody to tell.</summary>
public sealed class NoPeers : IDeskPeers
{
    public void StaffChanged()
    {
    }

    public void OutboxWritten()
    {
    }
}
