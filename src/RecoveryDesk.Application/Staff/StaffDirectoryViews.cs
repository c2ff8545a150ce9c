namespace RecoveryDesk.Application.Staff;

public sealed record TeamView(Guid Id, string Name);

public sealed record StaffView(Guid Id, string Name, IReadOnlyList<string> Roles, IReadOnlyList<Guid> TeamIds, bool IsActive);

public sealed record MeView(Guid Id, string Name, string Email, IReadOnlyList<string> Roles, IReadOnlyList<TeamView> Teams);

public sealed record StaffDirectoryView(IReadOnlyList<StaffView> Agents, IReadOnlyList<TeamView> Teams);
