namespace RecoveryDesk.Application.Staff;

/// <summary>A queue of cases and the people who work it.</summary>
public sealed class Team
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Queue (members claim) or Offered (the desk offers each new case to one member at a time).</summary>
    public Assignment.AssignmentMode AssignmentMode { get; set; }

    /// <summary>The load (open cases weighted by priority) beyond which a member is offered nothing more.</summary>
    public int OfferCapacity { get; set; } = Assignment.Loads.DefaultCapacity;
}

public sealed class TeamMembership
{
    public Guid TeamId { get; set; }

    public Guid StaffId { get; set; }
}
