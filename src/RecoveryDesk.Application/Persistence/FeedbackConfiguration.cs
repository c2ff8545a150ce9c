using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Loyalty;

namespace RecoveryDesk.Application.Persistence;

internal sealed class FeedbackConfiguration : IEntityTypeConfiguration<Feedback>
{
    public void Configure(EntityTypeBuilder<Feedback> builder)
    {
        builder.ToTable("Feedback");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.ComplexProperty(f => f.Answers, answers =>
        {
            answers.Property(a => a.Satisfaction).HasColumnName("Satisfaction");
            answers.Property(a => a.BuyAgain).HasColumnName("BuyAgain").HasConversion<string>().HasMaxLength(10);
            answers.Property(a => a.Recommend).HasColumnName("Recommend");
        });
        builder.Property(f => f.Comment).HasMaxLength(Limits.CustomerText);
        builder.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(f => f.FollowUpCaseId).OnDelete(DeleteBehavior.Restrict);
        // Once per resolution, also when two answers race.
        builder.HasIndex(f => new { f.CaseId, f.Resolution }).IsUnique();
        // The figures: answers in a period, optionally per team.
        builder.HasIndex(f => f.AnsweredAt);
        builder.HasIndex(f => new { f.TeamId, f.AnsweredAt });
    }
}
