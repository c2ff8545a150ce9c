using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Application.Persistence;

internal sealed class StaffSessionConfiguration : IEntityTypeConfiguration<StaffSession>
{
    public void Configure(EntityTypeBuilder<StaffSession> builder)
    {
        builder.ToTable("StaffSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        // Two refreshes with the same token: the second one's save fails and it ends the session.
        builder.Property(s => s.RefreshTokenId).IsConcurrencyToken();
        builder.HasIndex(s => s.StaffId);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(s => s.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}
