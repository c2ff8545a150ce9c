using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Application.Sla;

namespace RecoveryDesk.Application.Staff;

/// <summary>Colleagues and teams, to pick a hand-off target. Email addresses are left out on purpose.</summary>
public sealed record GetStaffDirectoryQuery(Guid ActorId, bool IncludeInactive = false) : IQuery<StaffDirectoryView>;

public sealed class GetStaffDirectoryHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<GetStaffDirectoryQuery, StaffDirectoryView>
{
    public async ValueTask<StaffDirectoryView> Handle(GetStaffDirectoryQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var people = await db.Users.AsNoTracking()
            .Where(u => query.IncludeInactive || u.IsActive)
            .OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.IsActive, u.Availability, u.AwayUntil, u.SubstituteId })
            .ToListAsync(cancellationToken);
        var memberships = await db.TeamMemberships.AsNoTracking().ToListAsync(cancellationToken);
        var roles = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamView(t.Id, t.Name)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var agents = people
            .Select(p =>
            {
                var state = Assignment.Availabilities.Effective(p.Availability, p.AwayUntil, now);
                return StaffView.Of(
                    p.Id,
                    p.DisplayName,
                    [.. roles.Where(r => r.UserId == p.Id).Select(r => r.Name!).Order(StringComparer.Ordinal)],
                    [.. memberships.Where(m => m.StaffId == p.Id).Select(m => m.TeamId)],
                    p.IsActive) with
                {
                    Availability = state,
                    AwayUntil = state == Assignment.Availability.Away ? p.AwayUntil : null,
                    SubstituteId = state == Assignment.Availability.Available ? null : p.SubstituteId,
                };
            })
            .ToList();
        return new StaffDirectoryView(agents, teams);
    }
}

public sealed record GetMeQuery(Guid ActorId) : IQuery<MeView>;

public sealed class GetMeHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetMeQuery, MeView>
{
    public async ValueTask<MeView> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        var email = await db.Users.Where(u => u.Id == query.ActorId).Select(u => u.Email).SingleAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking()
            .Where(t => actor.TeamIds.Contains(t.Id))
            .OrderBy(t => t.Name)
            .Select(t => new TeamView(t.Id, t.Name))
            .ToListAsync(cancellationToken);
        var roles = StaffRoleNames.All.Where(r => actor.Roles.HasFlag(Enum.Parse<Domain.Staff.StaffRoles>(r))).ToList();
        var zones = new HashSet<string?>();
        foreach (var team in teams)
        {
            zones.Add((await db.SettingsForAsync(team.Id, cancellationToken)).Calendar.TimeZoneId);
        }

        var zone = zones.Count == 1 ? PublicWording.ZoneOf(zones.Single()) : TimeZoneInfo.Utc;
        return new MeView(query.ActorId, actor.Name, email ?? string.Empty, roles, teams, PublicWording.ZoneName(zone));
    }
}
