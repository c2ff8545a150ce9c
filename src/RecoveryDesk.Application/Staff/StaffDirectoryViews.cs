using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Staff;

public sealed record TeamView(Guid Id, string Name);

/// <param name="CanOwnCases">Active and an agent or supervisor: someone a case can be handed off or reassigned to.</param>
public sealed record StaffView(Guid Id, string Name, IReadOnlyList<string> Roles, IReadOnlyList<Guid> TeamIds, bool IsActive, bool CanOwnCases)
{
    public static StaffView Of(Guid id, string name, IReadOnlyList<string> roles, IReadOnlyList<Guid> teamIds, bool isActive) =>
        new(id, name, roles, teamIds, isActive, isActive && Actor.Staff(id, name, teamIds, StaffDirectory.ToRoles(roles)).CanOwnCases);
}

public sealed record MeView(Guid Id, string Name, string Email, IReadOnlyList<string> Roles, IReadOnlyList<TeamView> Teams);

public sealed record StaffDirectoryView(IReadOnlyList<StaffView> Agents, IReadOnlyList<TeamView> Teams);
