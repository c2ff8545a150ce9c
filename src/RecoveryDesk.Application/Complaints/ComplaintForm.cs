using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Complaints;

/// <summary>
/// The admin's setting for the public complaint form at /complain: whether it takes complaints and
/// which team's queue they land in. One row; no row means the form is closed.
/// </summary>
public sealed class ComplaintForm
{
    /// <summary>The key of the only row.</summary>
    public const int SingleId = 1;

    /// <summary>Web complaints start at normal priority; the team raises it once someone has read it.</summary>
    public const Priority WebPriority = Priority.P3;

    public const string ClosedText = "We are not taking complaints through this form at the moment. Please phone or email us instead.";

    public int Id { get; set; } = SingleId;

    public bool Enabled { get; set; }

    /// <summary>The team whose queue receives web complaints; kept while the form is switched off.</summary>
    public Guid? TeamId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsOpen => Enabled && TeamId is not null;
}

/// <summary>A complaint sent while the form is switched off or has no team (HTTP 409).</summary>
public sealed class ComplaintFormClosedException() : Exception(ComplaintForm.ClosedText);

internal sealed class ComplaintFormConfiguration : IEntityTypeConfiguration<ComplaintForm>
{
    public void Configure(EntityTypeBuilder<ComplaintForm> builder)
    {
        builder.ToTable("ComplaintForm");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Ignore(f => f.IsOpen);
        builder.HasOne<Staff.Team>().WithMany().HasForeignKey(f => f.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
