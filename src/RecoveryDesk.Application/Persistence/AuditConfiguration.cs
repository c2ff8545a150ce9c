using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Audit;

namespace RecoveryDesk.Application.Persistence;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        // Ascending in the order of the writes: newest first is the key backwards, even within one instant.
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.What).HasConversion<string>().HasMaxLength(40);
        // The filters of GET /api/audit: by time, by who, by what.
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.ActorId, a.At });
        builder.HasIndex(a => new { a.What, a.At });
    }
}
