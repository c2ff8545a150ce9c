using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Application.Persistence;

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    /// <summary>
    /// A value the desk never writes, as the sentinel of a column with a database default: the desk
    /// always writes its own value, and the default serves rows written outside it.
    /// </summary>
    internal static T Unwritten<T>()
        where T : struct, Enum => (T)Enum.ToObject(typeof(T), -1);

    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.Property(s => s.DisplayName).HasMaxLength(Limits.Name).IsRequired();
        // Rows written outside the desk (a DBA's script, the bench's raw phase) are available, queue-assigned, colleagues' hand-offs.
        builder.Property(s => s.Availability).HasConversion<string>().HasMaxLength(20).HasDefaultValue(Assignment.Availability.Available).HasSentinel(Unwritten<Assignment.Availability>());
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("Teams");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(Limits.TeamName).IsRequired();
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.AssignmentMode).HasConversion<string>().HasMaxLength(20).HasDefaultValue(Assignment.AssignmentMode.Queue).HasSentinel(StaffMemberConfiguration.Unwritten<Assignment.AssignmentMode>());
        builder.Property(t => t.OfferCapacity).HasDefaultValue(Assignment.Loads.DefaultCapacity).HasSentinel(0);
    }
}

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> builder)
    {
        builder.ToTable("TeamMemberships");
        builder.HasKey(m => new { m.TeamId, m.StaffId });
        builder.HasIndex(m => m.StaffId);
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(m => m.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The first answer to a POST that carried an Idempotency-Key, replayed for retries.</summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = string.Empty;

    public Guid ActorId { get; set; }

    public string RequestHash { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public string ResponseJson { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.HasKey(r => new { r.ActorId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(r => r.ResponseJson).HasMaxLength(4000);
        builder.HasIndex(r => r.CreatedAt);
    }
}
