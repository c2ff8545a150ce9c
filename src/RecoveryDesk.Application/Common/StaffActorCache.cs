using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// Who each staff member is right now (active, teams, roles), kept for a few seconds so a command does
/// not pay three queries for it. Any change to staff, memberships or roles saved by this service clears
/// it at once, here and on the other instances of the desk, so deactivations and removed memberships
/// still apply to the very next request wherever it lands: a clear moves the desk's staff version on
/// (<see cref="IDeskPeers"/>, in Redis when several instances serve the desk), and every lookup first
/// checks that version (<see cref="CatchUpAsync"/>) — a word pushed to the other instances could still
/// be on its way when the next request arrives, a version read cannot. A change made directly in the
/// database, or while Redis cannot be reached, applies within <see cref="Lifetime"/>.
/// </summary>
public sealed class StaffActorCache(TimeProvider clock, IDeskPeers peers)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    // Far more than any desk has staff; ids only ever come from signed-in tokens.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _generation;
    private long _staffVersion;

    /// <summary>Read before loading from the database, and handed back to <see cref="Store"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>A cached answer: the actor, or null when the account is not active (or not there).</summary>
    public bool TryGet(Guid staffId, out Actor? actor)
    {
        if (_entries.TryGetValue(staffId, out var entry) && entry.Until > clock.GetUtcNow())
        {
            actor = entry.Actor;
            return true;
        }

        actor = null;
        return false;
    }

    /// <summary>Keeps what was read, unless the staff changed since the read began (it may be stale then).</summary>
    public void Store(Guid staffId, Actor? actor, long readGeneration)
    {
        if (readGeneration != Generation)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[staffId] = new Entry(actor, clock.GetUtcNow() + Lifetime);
        // A change that landed while storing must not leave this entry behind.
        if (readGeneration != Generation)
        {
            _entries.TryRemove(staffId, out _);
        }
    }

    /// <summary>Before a lookup: forgets everyone if staff changed on another instance since this one last looked.</summary>
    public async ValueTask CatchUpAsync(CancellationToken cancellationToken)
    {
        var version = await peers.StaffVersionAsync(cancellationToken);
        if (Interlocked.Exchange(ref _staffVersion, version) != version)
        {
            ClearHere();
        }
    }

    /// <summary>After a commit that changed staff: forgets everyone, on every instance.</summary>
    public void Clear()
    {
        ClearHere();
        peers.StaffChanged();
    }

    /// <summary>Forgets everyone on this instance only.</summary>
    public void ClearHere()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>Whether a save changes who someone is: an account, a team membership or a role.</summary>
    public static bool IsTouchedBy(ChangeTracker tracker)
    {
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return Changed(tracker.Entries<StaffMember>())
                || Changed(tracker.Entries<TeamMembership>())
                || Changed(tracker.Entries<IdentityUserRole<Guid>>())
                || Changed(tracker.Entries<IdentityRole<Guid>>());
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static bool Changed<T>(IEnumerable<EntityEntry<T>> entries)
        where T : class =>
        entries.Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    private sealed record Entry(Actor? Actor, DateTimeOffset Until);
}
