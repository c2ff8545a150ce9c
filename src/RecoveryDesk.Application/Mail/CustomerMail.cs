using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Mail;

/// <summary>The moments the desk writes to the customer; each has its own template.</summary>
public enum MailKind
{
    Opened,
    Reply,
    PromiseMade,
    PromiseRenegotiated,
    WaitingOnCustomer,
    Resolved,
    Reopened,
    DetractorFollowUp,
    LateMessageFollowUp,
    NewAccessCode,
}

public enum MailState
{
    /// <summary>Written with the change; the dispatcher sends it (again, after a transient failure).</summary>
    Queued,
    Sent,

    /// <summary>Refused for good (a 5xx answer, an address that cannot be written to, or 24 hours of failures).</summary>
    Failed,

    /// <summary>A mail from the customer, read from a team mailbox or the inbound folder.</summary>
    Received,
}

/// <summary>
/// One mail to a customer, rendered in full and written in the same transaction as the change that
/// caused it, so a change that rolls back mails nothing and a committed one is sent even after a crash.
/// Its Message-ID is fixed when it is written: a send repeated after a crash is the same message.
/// </summary>
public sealed class CustomerMail
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The case's version after the change that caused the mail.</summary>
    public int CaseVersion { get; set; }

    public MailKind Kind { get; set; }

    /// <summary>Update mail, which the customer may stop; replies and questions to them always go.</summary>
    public bool IsUpdate { get; set; }

    /// <summary>"&lt;id.reference@domain&gt;", stable across retries.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>The case's thread, for In-Reply-To and References: the acknowledgement's Message-ID.</summary>
    public string ThreadId { get; set; } = string.Empty;

    public string ToName { get; set; } = string.Empty;

    public string ToAddress { get; set; } = string.Empty;

    public string FromName { get; set; } = string.Empty;

    public string FromAddress { get; set; } = string.Empty;

    public string? ReplyTo { get; set; }

    public string Subject { get; set; } = string.Empty;

    public string TextBody { get; set; } = string.Empty;

    public string HtmlBody { get; set; } = string.Empty;

    public MailState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>
    /// The acknowledgement's access code, protected with Data Protection until the mail is sent and then
    /// cleared: the stored text says <see cref="MailMessages.WithheldCode"/> in its place, so staff
    /// reading the mail later never see the code the customer was given once.
    /// </summary>
    public string? ProtectedAccessCode { get; set; }

    /// <summary>Why the last attempt failed (or why the mail failed for good).</summary>
    public string? LastError { get; set; }

    /// <summary>The dispatcher holding this mail while it sends it; another takes over once the lease has passed.</summary>
    public Guid? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
}

internal sealed class CustomerMailConfiguration : IEntityTypeConfiguration<CustomerMail>
{
    public const int MaxError = 1000;

    public void Configure(EntityTypeBuilder<CustomerMail> builder)
    {
        builder.ToTable("CustomerMails");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.MessageId).HasMaxLength(300).IsUnicode(false).IsRequired();
        builder.Property(m => m.ThreadId).HasMaxLength(300).IsUnicode(false).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(m => m.ToAddress).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(m => m.FromName).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(m => m.FromAddress).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(m => m.ReplyTo).HasMaxLength(Limits.Email);
        builder.Property(m => m.Subject).HasMaxLength(400).IsRequired();
        builder.Property(m => m.TextBody).IsRequired();
        builder.Property(m => m.HtmlBody).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(MaxError);
        builder.Property(m => m.ProtectedAccessCode).HasMaxLength(1000).IsUnicode(false);
        // A record of an outcome applies only while the dispatcher still holds the mail's lease.
        builder.Property(m => m.LeaseOwner).IsConcurrencyToken();
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        // The case's mail, in order, for the timeline.
        builder.HasIndex(m => new { m.CaseId, m.CreatedAt, m.CaseVersion });
        // The dispatcher's read: what is due, oldest first.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
    }
}
