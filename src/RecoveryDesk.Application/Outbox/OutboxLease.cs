using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// Which dispatcher may deliver the outbox now, and until when: one row, taken and renewed by the
/// dispatcher that delivers. <see cref="OutboxLease"/> does the taking.
/// </summary>
public sealed class OutboxLeaseRow
{
    public const string Live = "live";

    public string Name { get; set; } = Live;

    /// <summary>The dispatcher holding it; empty when released.</summary>
    public string Owner { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class OutboxLeaseRowConfiguration : IEntityTypeConfiguration<OutboxLeaseRow>
{
    public void Configure(EntityTypeBuilder<OutboxLeaseRow> builder)
    {
        builder.ToTable("OutboxLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(50).IsUnicode(false);
        builder.Property(l => l.Owner).HasMaxLength(200).IsUnicode(false).IsRequired();
        // Created free, long expired, by the migration: taking it is then always an update.
        builder.HasData(new OutboxLeaseRow { Name = OutboxLeaseRow.Live, Owner = string.Empty, ExpiresAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) });
    }
}

/// <summary>
/// One dispatcher at a time delivers the whole outbox, holding a lease that it renews at every pass and
/// every batch; a dispatcher that dies stops renewing, its lease expires after <see cref="OutboxOptions.LeaseDuration"/>,
/// and the next dispatcher to look takes it and carries on from the first undelivered message (one that
/// stops cleanly releases it at once).
/// <para>
/// One lease for the whole outbox rather than one per case: order matters per case, and also around a
/// regroup (a colleague's connections must be in their new groups before any case's later message is
/// pushed), which is an order across cases that per-case leases could not keep. Several dispatchers
/// each claiming rows with FOR UPDATE SKIP LOCKED would push a case's later messages while another
/// dispatcher still held its earlier ones. The database orders the taking: the lease row is updated only
/// where it is free, expired or already this dispatcher's, and a contender skips a row another one is
/// updating at that moment (FOR UPDATE SKIP LOCKED on PostgreSQL, READPAST on SQL Server) instead of
/// queueing behind it. One dispatcher pushing is enough: a pass pushes different cases side by side.
/// </para>
/// <para>
/// Expiry is read on the instances' clocks, which must agree to well within the lease (NTP does). A
/// holder stalled past its lease may push a message another dispatcher pushes again: delivery is at
/// least once, and clients drop what they already have by the case version. SQLite serves one
/// instance, so there is nobody to share with and no lease is taken.
/// </para>
/// </summary>
public sealed class OutboxLease(DatabaseOptions database, OutboxOptions options, TimeProvider clock)
{
    private static readonly DateTimeOffset Released = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>This dispatcher, as the lease row names it.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Takes the lease, or renews it if this dispatcher holds it. False while another dispatcher holds it.</summary>
    public async Task<bool> TryHoldAsync(RecoveryDeskDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.LeaseDuration;
        var name = OutboxLeaseRow.Live;
        var owner = Owner;
        var taken = database.Provider switch
        {
            DatabaseProvider.Postgres => await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE "OutboxLeases" SET "Owner" = {owner}, "ExpiresAt" = {until}
                WHERE "Name" = (SELECT "Name" FROM "OutboxLeases"
                                WHERE "Name" = {name} AND ("ExpiresAt" < {now} OR "Owner" = {owner})
                                FOR UPDATE SKIP LOCKED)
                """,
                cancellationToken),
            DatabaseProvider.SqlServer => await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE [OutboxLeases] WITH (READPAST, UPDLOCK, ROWLOCK) SET [Owner] = {owner}, [ExpiresAt] = {until}
                WHERE [Name] = {name} AND ([ExpiresAt] < {now} OR [Owner] = {owner})
                """,
                cancellationToken),
            _ => 1,
        };
        return taken == 1;
    }

    /// <summary>Frees the lease if this dispatcher holds it, so another takes over at its next look.</summary>
    public async Task ReleaseAsync(RecoveryDeskDbContext db, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return;
        }

        await db.Set<OutboxLeaseRow>().Where(l => l.Name == OutboxLeaseRow.Live && l.Owner == Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Owner, string.Empty).SetProperty(l => l.ExpiresAt, Released), cancellationToken);
    }
}
