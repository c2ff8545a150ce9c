using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Persistence;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reference).HasMaxLength(Limits.Reference).IsRequired();
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.Property(c => c.AccessCodeHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.ComplexProperty(c => c.Customer, customer =>
        {
            customer.Property(x => x.Name).HasColumnName("CustomerName").HasMaxLength(Limits.Name).IsRequired();
            customer.Property(x => x.Email).HasColumnName("CustomerEmail").HasMaxLength(Limits.Email);
            customer.Property(x => x.Phone).HasColumnName("CustomerPhone").HasMaxLength(Limits.Phone);
            customer.Property(x => x.PreferredAddress).HasColumnName("CustomerPreferredAddress").HasMaxLength(Limits.PreferredAddress);
        });
        builder.Property(c => c.CustomerEmailKey).HasMaxLength(Limits.Email);
        builder.Property(c => c.CustomerPhoneKey).HasMaxLength(Limits.Phone).IsUnicode(false);
        // Search: the exact address or number is a seek; so is a prefix of a reference (a range on the unique index).
        builder.HasIndex(c => c.CustomerEmailKey);
        builder.HasIndex(c => c.CustomerPhoneKey);
        builder.HasMany(c => c.SearchWords).WithOne().HasForeignKey(w => w.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.SearchWords).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.Subject).HasMaxLength(Limits.Subject).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(Limits.LongText).IsRequired();
        builder.Property(c => c.Category).HasMaxLength(Limits.Category);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(4);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.OwnerName).HasMaxLength(Limits.Name);
        builder.Property(c => c.ResolutionSummary).HasMaxLength(Limits.LongText);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Terms).HasConversion(SlaJson.TermsConverter, SlaJson.TermsComparer).IsRequired();
        builder.HasMany(c => c.Clocks).WithOne().HasForeignKey(k => k.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Clocks).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasOne<Staff.Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Handoffs).WithOne().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Promises).WithOne().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Timeline).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Handoffs).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.Promises).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.Timeline).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(c => c.Events);
        builder.Ignore(c => c.PendingHandoff);
        builder.Ignore(c => c.IsActive);
        builder.Ignore(c => c.IsSurveyOpen);
        builder.Ignore(c => c.CanConfirmResolution);
        builder.Ignore(c => c.AwaitsOffer);
        builder.Ignore(c => c.IsErased);
        builder.Ignore(c => c.PassedFromQueue);
        // Offered assignment's round: the cases waiting for an offer.
        builder.HasIndex(c => c.OfferDueAt);
        // Rows written outside the desk (a DBA's script, the bench's raw phase) want update mail too.
        builder.Property(c => c.WantsUpdateMail).HasDefaultValue(true).HasSentinel(true);
        builder.Property(c => c.FollowUp).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.LinkedCaseId).OnDelete(DeleteBehavior.Restrict);
        // The board's detractor follow-ups.
        builder.HasIndex(c => new { c.FollowUp, c.Status });

        // My cases: by owner and status.
        builder.HasIndex(c => new { c.OwnerId, c.Status, c.LastActivityAt });
        // The case list reads one status (and team) at a time in the order of its sort, so each part is
        // a range of one of these in order, whatever the provider (ListCases); the team's oldest New
        // cases are also the queue.
        builder.HasIndex(c => new { c.Status, c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.Status, c.OpenedAt, c.Id });
        builder.HasIndex(c => new { c.Status, c.NextDueAt, c.Id });
        builder.HasIndex(c => new { c.Status, c.Priority, c.OpenedAt, c.Id });
        builder.HasIndex(c => new { c.TeamId, c.Status, c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.TeamId, c.Status, c.OpenedAt, c.Id });
        builder.HasIndex(c => new { c.TeamId, c.Status, c.NextDueAt, c.Id });
        builder.HasIndex(c => new { c.TeamId, c.Status, c.Priority, c.OpenedAt, c.Id });
    }
}

internal sealed class CaseSearchWordConfiguration : IEntityTypeConfiguration<CaseSearchWord>
{
    /// <summary>The byte-order collation per provider (see <see cref="RecoveryDeskDbContext"/>), so a word prefix is an index range.</summary>
    public const string PostgresCollation = "C";
    public const string SqlServerCollation = "Latin1_General_100_BIN2";

    public void Configure(EntityTypeBuilder<CaseSearchWord> builder)
    {
        builder.ToTable("CaseSearchWords");
        builder.HasKey(w => new { w.CaseId, w.Word });
        builder.Property(w => w.Word).HasMaxLength(SearchText.MaxWordLength);
        // A prefix of a word: Word >= 'smi' AND Word < 'smi\uFFFD', then the cases by id.
        builder.HasIndex(w => new { w.Word, w.CaseId });
    }
}

internal sealed class HandoffConfiguration : IEntityTypeConfiguration<Handoff>
{
    public void Configure(EntityTypeBuilder<Handoff> builder)
    {
        builder.ToTable("Handoffs");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.FromAgentName).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(h => h.Note).HasMaxLength(Limits.LongText).IsRequired();
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Kind).HasConversion<string>().HasMaxLength(20).HasDefaultValue(HandoffKind.Colleague).HasSentinel(StaffMemberConfiguration.Unwritten<HandoffKind>());
        builder.Property(h => h.AnsweredByName).HasMaxLength(Limits.Name);
        builder.Property(h => h.DeclineReason).HasMaxLength(Limits.Reason);
        builder.Ignore(h => h.IsPending);
        // Hand-offs offered to me or my teams.
        builder.HasIndex(h => new { h.Status, h.ToAgentId });
        builder.HasIndex(h => new { h.Status, h.ToTeamId });
    }
}

internal sealed class PromiseConfiguration : IEntityTypeConfiguration<Promise>
{
    public void Configure(EntityTypeBuilder<Promise> builder)
    {
        builder.ToTable("Promises");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Text).HasMaxLength(Limits.LongText).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(p => p.IsOutstanding);
        builder.HasIndex(p => new { p.Status, p.DueAt });
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.ToTable("TimelineEntries");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(t => t.ActorKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.ActorName).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(t => t.Text).HasMaxLength(Limits.LongText + 400).IsRequired();
        builder.HasIndex(t => new { t.CaseId, t.CaseVersion });
    }
}

internal sealed class CaseClockConfiguration : IEntityTypeConfiguration<CaseClock>
{
    public void Configure(EntityTypeBuilder<CaseClock> builder)
    {
        builder.ToTable("CaseClocks");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.Target).HasConversion<long>();
        builder.Property(k => k.PausedBusinessTime).HasConversion<long>();
        builder.Ignore(k => k.IsRunning);
        builder.HasIndex(k => new { k.CaseId, k.Kind }).IsUnique();
        // The board: running clocks that breached (with their case, for the load per agent) and that are
        // at risk, soonest due first. Filtered, so they hold the few thousand clocks the board reads, not
        // the millions ever started, and cost writes only when a clock enters or leaves that state.
        builder.HasIndex(k => new { k.DueAt, k.CaseId }, "IX_CaseClocks_Breached")
            .HasFilter("\"MetAt\" IS NULL AND \"BreachedAt\" IS NOT NULL");
        builder.HasIndex(k => k.DueAt, "IX_CaseClocks_AtRisk")
            .HasFilter("\"MetAt\" IS NULL AND \"WarnedAt\" IS NOT NULL AND \"BreachedAt\" IS NULL");
    }
}
