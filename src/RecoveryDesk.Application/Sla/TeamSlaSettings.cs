using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Application.Sla;

/// <summary>A team's SLA policy and business calendar as configured by an admin; absent means the defaults, 24x7.</summary>
public sealed class TeamSlaSettings
{
    public Guid TeamId { get; set; }

    public string PolicyJson { get; set; } = string.Empty;

    public string CalendarJson { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public SlaPolicy Policy => SlaJson.Read<SlaPolicy>(PolicyJson);

    public BusinessCalendarDefinition Calendar => SlaJson.Read<BusinessCalendarDefinition>(CalendarJson);
}

internal sealed class TeamSlaSettingsConfiguration : IEntityTypeConfiguration<TeamSlaSettings>
{
    public void Configure(EntityTypeBuilder<TeamSlaSettings> builder)
    {
        builder.ToTable("TeamSlaSettings");
        builder.HasKey(s => s.TeamId);
        builder.Property(s => s.TeamId).ValueGeneratedNever();
        builder.Property(s => s.PolicyJson).IsRequired();
        builder.Property(s => s.CalendarJson).IsRequired();
        builder.Ignore(s => s.Policy);
        builder.Ignore(s => s.Calendar);
        builder.HasOne<Staff.Team>().WithOne().HasForeignKey<TeamSlaSettings>(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class SlaSettingsLookup
{
    /// <summary>The terms a case of this team and priority runs under now.</summary>
    public static async Task<SlaTerms> TermsForAsync(this RecoveryDeskDbContext db, Guid teamId, Priority priority, CancellationToken ct)
    {
        var (policy, calendar) = await db.SettingsForAsync(teamId, ct);
        return new SlaTerms(calendar, policy.For(priority));
    }

    public static async Task<(SlaPolicy Policy, BusinessCalendarDefinition Calendar)> SettingsForAsync(this RecoveryDeskDbContext db, Guid teamId, CancellationToken ct)
    {
        var stored = await db.TeamSlaSettings.AsNoTracking().SingleOrDefaultAsync(s => s.TeamId == teamId, ct);
        return stored is null
            ? (SlaPolicy.Defaults(), BusinessCalendar.AlwaysOpen.ToDefinition())
            : (stored.Policy, stored.Calendar);
    }
}
