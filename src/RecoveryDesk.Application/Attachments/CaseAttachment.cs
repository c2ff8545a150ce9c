using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MimeKit;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Mail.Inbound;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Attachments;

/// <summary>
/// A file kept with a case: one that came with a customer's mail (staff only), or one a colleague or
/// the customer attached to a reply, a note or a message — first uploaded on its own (a draft only its
/// uploader may use), then tied to the timeline entry it was sent with, whose visibility it takes.
/// </summary>
public sealed class CaseAttachment
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The customer's mail it came with, if it came by mail.</summary>
    public Guid? InboundMailId { get; set; }

    /// <summary>The reply, note or customer message it was sent with; null while it is a draft.</summary>
    public Guid? TimelineEntryId { get; set; }

    /// <summary>Shown to the customer: it was sent with a public entry (a reply or their own message).</summary>
    public bool IsPublic { get; set; }

    /// <summary>The colleague who uploaded it; null for the customer's files.</summary>
    public Guid? UploadedById { get; set; }

    public bool FromCustomer { get; set; }

    public string FileName { get; set; } = string.Empty;

    /// <summary>What the content is (checked for uploads; as the sender said for mail); downloads are served as plain bytes whatever it says.</summary>
    public string ContentType { get; set; } = string.Empty;

    public long Size { get; set; }

    public byte[] Content { get; set; } = [];

    public DateTimeOffset At { get; set; }

    /// <summary>The files of a message (at most the message's own size limit), named safely.</summary>
    internal static IEnumerable<CaseAttachment> Of(MimeMessage message, Guid caseId, Guid inboundMailId, DateTimeOffset now)
    {
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            yield return new CaseAttachment
            {
                Id = Guid.CreateVersion7(now),
                CaseId = caseId,
                InboundMailId = inboundMailId,
                FromCustomer = true,
                FileName = SafeName(part.FileName),
                ContentType = part.ContentType.MimeType.Length > 100 ? "application/octet-stream" : part.ContentType.MimeType,
                Size = content.Length,
                Content = content.ToArray(),
                At = now,
            };
        }
    }

    /// <summary>The last part of a path, without control characters, quotes or slashes; "attachment" when nothing is left.</summary>
    internal static string SafeName(string? name)
    {
        var last = (name ?? string.Empty).Replace('\\', '/').Split('/')[^1];
        var clean = new string([.. last.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/'))]).Trim().TrimStart('.');
        return clean.Length == 0 ? "attachment" : MailText.Clip(clean, 200)!;
    }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> builder)
    {
        builder.ToTable("CaseAttachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(200).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(100).IsUnicode(false).IsRequired();
        builder.Property(a => a.Content).IsRequired();
        builder.HasIndex(a => new { a.CaseId, a.InboundMailId });
        builder.HasIndex(a => new { a.CaseId, a.TimelineEntryId });
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<InboundMail>().WithMany().HasForeignKey(a => a.InboundMailId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A file as lists show it: name, type and size, never the content.</summary>
public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size);

public sealed record AttachmentFile(string FileName, byte[] Content);
