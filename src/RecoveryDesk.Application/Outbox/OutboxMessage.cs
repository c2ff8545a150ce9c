using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// A live message describing a committed change, written in the same transaction as the change and
/// pushed to browsers by the <see cref="OutboxDispatcher"/>. The database-generated id is the global
/// delivery order.
/// </summary>
public sealed class OutboxMessage
{
    public const char AudienceSeparator = ';';

    public long Id { get; set; }

    /// <summary>The case the message is about; <see cref="Guid.Empty"/> for messages about staff.</summary>
    public Guid CaseId { get; set; }

    public int CaseVersion { get; set; }

    public string EventName { get; set; } = string.Empty;

    /// <summary>The groups it goes to, ';'-joined, e.g. "team:{id};agent:{id};supervisors" or "case:{id}".</summary>
    public string Audiences { get; set; } = string.Empty;

    /// <summary>The message exactly as the client receives it (a <see cref="DeskMessage"/> or a <see cref="StatusMessage"/>).</summary>
    public string PayloadJson { get; set; } = string.Empty;

    /// <summary>For the customer's status page (/hubs/status): public data only.</summary>
    public bool IsPublic { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The W3C traceparent of the command that wrote it, so its delivery span links back to it; null when nothing was traced.</summary>
    public string? TraceParent { get; set; }

    public IReadOnlyList<string> AudienceList =>
        Audiences.Split(AudienceSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.EventName).HasMaxLength(100).IsUnicode(false).IsRequired();
        builder.Property(m => m.Audiences).HasMaxLength(1000).IsUnicode(false).IsRequired();
        builder.Property(m => m.PayloadJson).IsRequired();
        builder.Property(m => m.TraceParent).HasMaxLength(55).IsUnicode(false);
        builder.Ignore(m => m.AudienceList);
        // The dispatcher's read (undelivered, in order) and the prune (delivered long ago).
        builder.HasIndex(m => new { m.DeliveredAt, m.Id });
    }
}
