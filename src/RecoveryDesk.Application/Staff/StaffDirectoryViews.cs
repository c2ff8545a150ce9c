using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Staff;

public sealed record TeamView(Guid Id, string Name);

/// <param name="CanOwnCases">Active and an agent or supervisor: someone a case can be handed off or reassigned to.</param>
/// <param name="Availability">Available, Away or Off as it stands now (an absence past its end is over).</param>
/// <param name="AwayUntil">When an absence ends by itself, if it was given an end.</param>
/// <param name="SubstituteId">Who covers their cases while they are away or off shift.</param>
public sealed record StaffView(
    Guid Id,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> TeamIds,
    bool IsActive,
    bool CanOwnCases,
    Assignment.Availability Availability = Assignment.Availability.Available,
    DateTimeOffset? AwayUntil = null,
    Guid? SubstituteId = null)
{
    public static StaffView Of(Guid id, string name, IReadOnlyList<string> roles, IReadOnlyList<Guid> teamIds, bool isActive) =>
        new(id, name, roles, teamIds, isActive, isActive && Actor.Staff(id, name, teamIds, StaffDirectory.ToRoles(roles)).CanOwnCases);
}

/// <param name="TimeZone">The zone lists of cases are written in: the one calendar zone all of my teams share, else "UTC".</param>
public sealed record MeView(Guid Id, string Name, string Email, IReadOnlyList<string> Roles, IReadOnlyList<TeamView> Teams, string TimeZone);

public sealed record StaffDirectoryView(IReadOnlyList<StaffView> Agents, IReadOnlyList<TeamView> Teams);
