using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Persistence;

public sealed class RecoveryDeskDbContext(
    DbContextOptions<RecoveryDeskDbContext> options,
    OutboxSignal? outboxSignal = null,
    TimeProvider? clock = null,
    StaffActorCache? staffActors = null)
    : IdentityDbContext<StaffMember, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Handoff> Handoffs => Set<Handoff>();

    public DbSet<Promise> Promises => Set<Promise>();

    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<CaseClock> CaseClocks => Set<CaseClock>();

    public DbSet<Sla.TeamSlaSettings> TeamSlaSettings => Set<Sla.TeamSlaSettings>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Domain.Loyalty.Feedback> Feedback => Set<Domain.Loyalty.Feedback>();

    private static readonly SemaphoreSlim NoGate = new(1, 1);
    private static readonly AsyncLocal<bool> InsideWriteGate = new();
    private SemaphoreSlim? _writeGate;
    private List<Func<Task>>? _afterSave;

    internal OutboxWakeUp OutboxWakeUp { get; } = new(outboxSignal, staffActors);

    /// <summary>Who staff members are, kept briefly between requests (none in design-time and test contexts).</summary>
    internal StaffActorCache? StaffActors => staffActors;

    // Transactional outbox (see Outbox/): every save also writes the live messages describing what it
    // changed, so they commit or roll back together; the dispatcher is woken only after the commit.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var written = OutboxComposer.AddMessages(this, (clock ?? TimeProvider.System).GetUtcNow());
        var staffChanged = staffActors is not null && StaffActorCache.IsTouchedBy(ChangeTracker);
        var gate = WriteGate();
        gate?.Wait();
        int saved;
        try
        {
            if (gate is not null)
            {
                InsideWriteGate.Value = true;
            }

            saved = base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            if (gate is not null)
            {
                InsideWriteGate.Value = false;
                gate.Release();
            }
        }

        foreach (var work in TakeAfterSave())
        {
            work().GetAwaiter().GetResult();
        }

        OutboxWakeUp.Saved(Database, written, staffChanged);
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var written = OutboxComposer.AddMessages(this, (clock ?? TimeProvider.System).GetUtcNow());
        var staffChanged = staffActors is not null && StaffActorCache.IsTouchedBy(ChangeTracker);
        var gate = WriteGate();
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        int saved;
        try
        {
            if (gate is not null)
            {
                InsideWriteGate.Value = true;
            }

            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            if (gate is not null)
            {
                InsideWriteGate.Value = false;
                gate.Release();
            }
        }

        foreach (var work in TakeAfterSave())
        {
            await work();
        }

        OutboxWakeUp.Saved(Database, written, staffChanged);
        return saved;
    }

    /// <summary>Work that follows a successful save but needs no write lock (arming timers): run once the lock is released.</summary>
    internal void AfterSave(Func<Task> work) => (_afterSave ??= []).Add(work);

    private List<Func<Task>> TakeAfterSave()
    {
        var work = _afterSave ?? [];
        _afterSave = null;
        return work;
    }

    private SemaphoreSlim? WriteGate()
    {
        // A save started from within another save (an interceptor, a hook after the commit) must not
        // queue behind the one that started it.
        if (Database.CurrentTransaction is not null || InsideWriteGate.Value)
        {
            return null;
        }

        _writeGate ??= Database.IsSqlite() ? SqliteWriteGate.For(Database.GetConnectionString() ?? string.Empty) : NoGate;
        return ReferenceEquals(_writeGate, NoGate) ? null : _writeGate;
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(OutboxCommitInterceptor.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time type; UTC ticks keep comparisons and ORDER BY in SQL exact.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RecoveryDeskDbContext).Assembly);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
