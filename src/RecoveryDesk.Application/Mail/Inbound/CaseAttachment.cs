using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MimeKit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Mail.Inbound;

/// <summary>A file that came with a customer's mail: kept with the case for staff, never shown on the public page.</summary>
public sealed class CaseAttachment
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public Guid InboundMailId { get; set; }

    public string FileName { get; set; } = string.Empty;

    /// <summary>What the sender said it is; downloads are served as plain bytes whatever it says.</summary>
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
            var name = Path.GetFileName(part.FileName ?? string.Empty);
            name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/'))]).Trim();
            yield return new CaseAttachment
            {
                Id = Guid.CreateVersion7(now),
                CaseId = caseId,
                InboundMailId = inboundMailId,
                FileName = name.Length == 0 ? "attachment" : MailText.Clip(name, 200)!,
                ContentType = part.ContentType.MimeType.Length > 100 ? "application/octet-stream" : part.ContentType.MimeType,
                Size = content.Length,
                Content = content.ToArray(),
                At = now,
            };
        }
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
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<InboundMail>().WithMany().HasForeignKey(a => a.InboundMailId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size);

public sealed record AttachmentFile(string FileName, byte[] Content);

/// <summary>Staff download a customer's file.</summary>
public sealed record GetAttachmentQuery(Guid ActorId, Guid CaseId, Guid AttachmentId) : IQuery<AttachmentFile>;

public sealed class GetAttachmentHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetAttachmentQuery, AttachmentFile>
{
    public async ValueTask<AttachmentFile> Handle(GetAttachmentQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        return await db.Set<CaseAttachment>().AsNoTracking()
            .Where(a => a.CaseId == query.CaseId && a.Id == query.AttachmentId)
            .Select(a => new AttachmentFile(a.FileName, a.Content))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no such attachment on this case.");
    }
}
