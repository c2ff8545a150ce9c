namespace RecoveryDesk.Domain.Staff;

public enum ActorKind
{
    Staff,
    Customer,
    System,
}

[Flags]
public enum StaffRoles
{
    None = 0,
    Agent = 1,
    Supervisor = 2,
    Admin = 4,
}

/// <summary>Who is acting: a signed-in staff member with their teams and roles, the customer, or the desk's own timers.</summary>
public sealed class Actor
{
    private static readonly IReadOnlySet<Guid> NoTeams = new HashSet<Guid>();

    private Actor(Guid? id, string name, ActorKind kind, IReadOnlySet<Guid> teamIds, StaffRoles roles)
    {
        Id = id;
        Name = name;
        Kind = kind;
        TeamIds = teamIds;
        Roles = roles;
    }

    public Guid? Id { get; }

    public string Name { get; }

    public ActorKind Kind { get; }

    public IReadOnlySet<Guid> TeamIds { get; }

    public StaffRoles Roles { get; }

    public bool IsStaff => Kind == ActorKind.Staff;

    public bool IsSupervisor => IsStaff && Roles.HasFlag(StaffRoles.Supervisor);

    public bool IsAdmin => IsStaff && Roles.HasFlag(StaffRoles.Admin);

    /// <summary>Agents and supervisors own cases; an admin only configures the desk.</summary>
    public bool CanOwnCases => IsStaff && (Roles & (StaffRoles.Agent | StaffRoles.Supervisor)) != StaffRoles.None;

    public static Actor System { get; } = new(null, "RecoveryDesk", ActorKind.System, NoTeams, StaffRoles.None);

    public static Actor Staff(Guid id, string name, IEnumerable<Guid> teamIds, StaffRoles roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Actor(id, name, ActorKind.Staff, teamIds.ToHashSet(), roles);
    }

    public static Actor Customer(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Actor(null, name, ActorKind.Customer, NoTeams, StaffRoles.None);
    }

    public bool IsMemberOf(Guid teamId) => IsStaff && TeamIds.Contains(teamId);

    public bool Is(Guid? staffId) => IsStaff && staffId is not null && Id == staffId;
}
