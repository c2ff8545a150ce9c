using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Mail.Inbound;

/// <summary>What a message that came in did.</summary>
public enum InboundOutcome
{
    /// <summary>It joined a case as a customer message (or opened the case's follow-up).</summary>
    Joined,

    /// <summary>It opened a new case in the mailbox's team.</summary>
    Opened,

    /// <summary>A delivery report: the customer's address was marked undeliverable on the case it named.</summary>
    Bounce,

    /// <summary>Nothing to do: an automatic message that joins no case, mail from the desk itself, an empty message.</summary>
    Ignored,
}

/// <summary>
/// One message read from a team mailbox (or the inbound folder), recorded in the same transaction as
/// its effect on a case. Its source key — the mailbox, the folder's UIDVALIDITY and the message's UID —
/// is unique, so a message applied once is never applied again after a restart, a crash or a second poll.
/// </summary>
public sealed class InboundMail
{
    public Guid Id { get; set; }

    /// <summary>"team:{id}" for a team mailbox, "folder" for the inbound folder of the embedded default.</summary>
    public string Source { get; set; } = string.Empty;

    public long UidValidity { get; set; }

    /// <summary>The IMAP UID; for the inbound folder, a number derived from the file's content.</summary>
    public long Uid { get; set; }

    public string? MessageId { get; set; }

    public string FromAddress { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public InboundOutcome Outcome { get; set; }

    /// <summary>Why, in a line (e.g. "auto-submitted", "mentions RD-7K3Q9F from another address").</summary>
    public string? Note { get; set; }

    public Guid? CaseId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The whole message as it arrived, for staff (never shown to customers, never rendered).</summary>
    public byte[] Raw { get; set; } = [];
}

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> builder)
    {
        builder.ToTable("InboundMails");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Source).HasMaxLength(60).IsUnicode(false).IsRequired();
        builder.Property(m => m.MessageId).HasMaxLength(300);
        builder.Property(m => m.FromAddress).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(400).IsRequired();
        builder.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Note).HasMaxLength(400);
        builder.Property(m => m.Raw).IsRequired();
        // Exactly once: the same message of the same mailbox folder is recorded once.
        builder.HasIndex(m => new { m.Source, m.UidValidity, m.Uid }).IsUnique();
        builder.HasIndex(m => new { m.CaseId, m.ReceivedAt });
        // The per-sender limit on new cases.
        builder.HasIndex(m => new { m.FromAddress, m.ReceivedAt });
        builder.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>What to do with a message in the mailbox once it has been applied.</summary>
public enum ProcessedAction
{
    MarkSeen,
    Move,
}

/// <summary>A team's mailbox over IMAP. The password is kept protected with Data Protection and never returned.</summary>
public sealed class TeamMailbox
{
    public Guid TeamId { get; set; }

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 993;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Tls;

    public string User { get; set; } = string.Empty;

    public string ProtectedPassword { get; set; } = string.Empty;

    public string Folder { get; set; } = "INBOX";

    public ProcessedAction Processed { get; set; } = ProcessedAction.MarkSeen;

    /// <summary>Where processed messages go when <see cref="Processed"/> is Move.</summary>
    public string? MoveTo { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Changes on every update, so the reader of a changed mailbox reconnects.</summary>
    public int Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TeamMailboxConfiguration : IEntityTypeConfiguration<TeamMailbox>
{
    public void Configure(EntityTypeBuilder<TeamMailbox> builder)
    {
        builder.ToTable("TeamMailboxes");
        builder.HasKey(m => m.TeamId);
        builder.Property(m => m.TeamId).ValueGeneratedNever();
        builder.Property(m => m.Host).HasMaxLength(255).IsRequired();
        builder.Property(m => m.Security).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.User).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(m => m.ProtectedPassword).HasMaxLength(2000).IsUnicode(false).IsRequired();
        builder.Property(m => m.Folder).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Processed).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.MoveTo).HasMaxLength(200);
        builder.HasOne<Staff.Team>().WithOne().HasForeignKey<TeamMailbox>(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
