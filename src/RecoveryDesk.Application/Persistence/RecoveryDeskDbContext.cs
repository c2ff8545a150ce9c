using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Persistence;

/// <summary>
/// The desk's tables. It only maps them: every change is saved through <see cref="UnitOfWork"/>, which
/// writes the outbox with it and does what must follow the commit.
/// </summary>
public sealed class RecoveryDeskDbContext(DbContextOptions<RecoveryDeskDbContext> options)
    : IdentityDbContext<StaffMember, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in tokens and cookies, shared by every instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Handoff> Handoffs => Set<Handoff>();

    public DbSet<Promise> Promises => Set<Promise>();

    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<CaseClock> CaseClocks => Set<CaseClock>();

    public DbSet<CaseSearchWord> CaseSearchWords => Set<CaseSearchWord>();

    public DbSet<Sla.TeamSlaSettings> TeamSlaSettings => Set<Sla.TeamSlaSettings>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Domain.Loyalty.Feedback> Feedback => Set<Domain.Loyalty.Feedback>();

    public DbSet<Mail.CustomerMail> CustomerMails => Set<Mail.CustomerMail>();

    public DbSet<Mail.Inbound.InboundMail> InboundMails => Set<Mail.Inbound.InboundMail>();

    public DbSet<Attachments.CaseAttachment> CaseAttachments => Set<Attachments.CaseAttachment>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    public DbSet<SavedReplies.SavedReply> SavedReplies => Set<SavedReplies.SavedReply>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time type; UTC ticks keep comparisons and ORDER BY in SQL exact.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }

        // PostgreSQL's timestamptz holds instants and takes only UTC values; due times computed in a
        // team's time zone carry its offset, so they are stored as the same instant in UTC.
        if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcInstantConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RecoveryDeskDbContext).Assembly);

        // Search words compare code point by code point (SQLite's default), so "every word starting
        // with smi" is one range of the index on every provider, whatever the database's collation.
        var word = builder.Entity<CaseSearchWord>().Property(w => w.Word);
        if (Database.IsNpgsql())
        {
            word.UseCollation(CaseSearchWordConfiguration.PostgresCollation);
        }
        else if (Database.IsSqlServer())
        {
            word.UseCollation(CaseSearchWordConfiguration.SqlServerCollation);
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    private sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}
