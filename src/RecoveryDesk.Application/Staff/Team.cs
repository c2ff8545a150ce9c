namespace RecoveryDesk.Application.Staff;

/// <summary>A queue of cases and the people who work it.</summary>
public sealed class Team
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class TeamMembership
{
    public Guid TeamId { get; set; }

    public Guid StaffId { get; set; }
}
