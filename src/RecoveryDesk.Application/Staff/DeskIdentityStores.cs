using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Staff;

/// <summary>
/// ASP.NET Core Identity's user store, committing through the <see cref="UnitOfWork"/> like every other
/// change: a deactivation, a new role or a new security stamp regroups the person's live connections and
/// clears who they were from the cache once committed. (The base store's own save is not overridable,
/// so it is switched off and each write commits here.)
/// </summary>
public sealed class DeskUserStore : UserStore<StaffMember, IdentityRole<Guid>, RecoveryDeskDbContext, Guid>
{
    private readonly UnitOfWork _work;

    public DeskUserStore(RecoveryDeskDbContext db, UnitOfWork work, IdentityErrorDescriber? describer = null)
        : base(db, describer)
    {
        _work = work;
        AutoSaveChanges = false;
    }

    public override async Task<IdentityResult> CreateAsync(StaffMember user, CancellationToken cancellationToken = default) =>
        await CommitAsync(await base.CreateAsync(user, cancellationToken), cancellationToken);

    public override async Task<IdentityResult> UpdateAsync(StaffMember user, CancellationToken cancellationToken = default) =>
        await CommitAsync(await base.UpdateAsync(user, cancellationToken), cancellationToken);

    public override async Task<IdentityResult> DeleteAsync(StaffMember user, CancellationToken cancellationToken = default) =>
        await CommitAsync(await base.DeleteAsync(user, cancellationToken), cancellationToken);

    private async Task<IdentityResult> CommitAsync(IdentityResult result, CancellationToken cancellationToken)
    {
        if (!result.Succeeded)
        {
            return result;
        }

        try
        {
            await _work.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            return IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        }
    }
}

/// <summary>Identity's role store, committing through the <see cref="UnitOfWork"/>.</summary>
public sealed class DeskRoleStore(RecoveryDeskDbContext db, UnitOfWork work, IdentityErrorDescriber? describer = null)
    : RoleStore<IdentityRole<Guid>, RecoveryDeskDbContext, Guid>(db, describer)
{
    protected override Task SaveChanges(CancellationToken cancellationToken) =>
        AutoSaveChanges ? work.CommitAsync(cancellationToken) : Task.CompletedTask;
}
