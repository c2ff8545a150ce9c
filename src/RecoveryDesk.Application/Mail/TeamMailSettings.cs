using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Mail;

/// <summary>Who a team's mail to customers comes from; absent means the desk's default sender (Mail:Sender*).</summary>
public sealed class TeamMailSettings
{
    public Guid TeamId { get; set; }

    public string SenderName { get; set; } = string.Empty;

    public string SenderAddress { get; set; } = string.Empty;

    /// <summary>Where customers' answers go (the team's mailbox); null means the sender address.</summary>
    public string? ReplyTo { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A team's own wording for one kind of mail; absent means the built-in wording.</summary>
public sealed class TeamMailTemplate
{
    public Guid TeamId { get; set; }

    public MailKind Kind { get; set; }

    public string Subject { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TeamMailSettingsConfiguration : IEntityTypeConfiguration<TeamMailSettings>
{
    public void Configure(EntityTypeBuilder<TeamMailSettings> builder)
    {
        builder.ToTable("TeamMailSettings");
        builder.HasKey(s => s.TeamId);
        builder.Property(s => s.TeamId).ValueGeneratedNever();
        builder.Property(s => s.SenderName).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(s => s.SenderAddress).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(s => s.ReplyTo).HasMaxLength(Limits.Email);
        builder.HasOne<Staff.Team>().WithOne().HasForeignKey<TeamMailSettings>(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMailTemplateConfiguration : IEntityTypeConfiguration<TeamMailTemplate>
{
    public void Configure(EntityTypeBuilder<TeamMailTemplate> builder)
    {
        builder.ToTable("TeamMailTemplates");
        builder.HasKey(t => new { t.TeamId, t.Kind });
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.Subject).HasMaxLength(MailTemplates.MaxSubject).IsRequired();
        builder.Property(t => t.Body).HasMaxLength(MailTemplates.MaxBody).IsRequired();
        builder.HasOne<Staff.Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
