using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// Who is acting, for every command and query: active, in which teams, with which roles. Kept briefly by
/// <see cref="StaffActorCache"/>, which forgets it the moment their account, teams or roles change, so a
/// removed membership or a deactivation takes effect at once.
/// </summary>
public sealed class StaffActors(RecoveryDeskDbContext db, StaffActorCache cache)
{
    public async Task<Actor> LoadAsync(Guid staffId, CancellationToken ct)
    {
        await cache.CatchUpAsync(ct);
        if (cache.TryGet(staffId, out var cached))
        {
            return cached ?? throw NotActive();
        }

        var generation = cache.Generation;
        var actor = await StaffDirectory.ReadActorAsync(db, staffId, ct);
        cache.Store(staffId, actor, generation);
        return actor ?? throw NotActive();
    }

    private static NotAllowedException NotActive() => new("Your account is not active on this desk.");
}

/// <summary>Reads about staff members past the cache.</summary>
public static class StaffDirectory
{

    internal static async Task<Actor?> ReadActorAsync(RecoveryDeskDbContext db, Guid staffId, CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking()
            .Where(u => u.Id == staffId)
            .Select(u => new { u.DisplayName, u.IsActive })
            .SingleOrDefaultAsync(ct);
        if (staff is null || !staff.IsActive)
        {
            return null;
        }

        var teams = await db.TeamMemberships.AsNoTracking().Where(m => m.StaffId == staffId).Select(m => m.TeamId).ToListAsync(ct);
        var roleNames = await db.UserRoles.AsNoTracking()
            .Where(ur => ur.UserId == staffId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(ct);
        return Actor.Staff(staffId, staff.DisplayName, teams, ToRoles(roleNames));
    }

    /// <summary>Whether a colleague may be given a case (by hand-off or reassignment): active, and an agent or supervisor.</summary>
    public static async Task<bool> CanOwnCasesAsync(this RecoveryDeskDbContext db, Guid staffId, CancellationToken ct) =>
        (await ReadActorAsync(db, staffId, ct))?.CanOwnCases == true;

    /// <summary>An active staff member's display name, for naming the new owner on a reassignment.</summary>
    public static async Task<string> RequireActiveStaffNameAsync(this RecoveryDeskDbContext db, Guid staffId, CancellationToken ct)
    {
        var name = await db.Users.AsNoTracking()
            .Where(u => u.Id == staffId && u.IsActive)
            .Select(u => u.DisplayName)
            .SingleOrDefaultAsync(ct);
        return name ?? throw new NotFoundException("There is no active colleague with that id.");
    }

    public static StaffRoles ToRoles(IEnumerable<string?> roleNames)
    {
        var roles = StaffRoles.None;
        foreach (var name in roleNames)
        {
            roles |= name switch
            {
                StaffRoleNames.Agent => StaffRoles.Agent,
                StaffRoleNames.Supervisor => StaffRoles.Supervisor,
                StaffRoleNames.Admin => StaffRoles.Admin,
                _ => StaffRoles.None,
            };
        }

        return roles;
    }
}
