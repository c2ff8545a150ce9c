using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;

namespace RecoveryDesk.Application.Staff;

/// <summary>Admin: a new colleague with a sign-in, roles and teams.</summary>
public sealed record CreateStaffMemberCommand(Guid ActorId, string Email, string DisplayName, string Password, IReadOnlyList<string> Roles, IReadOnlyList<Guid> TeamIds)
    : ICommand<StaffView>;

public sealed class CreateStaffMemberValidator : AbstractValidator<CreateStaffMemberCommand>
{
    public CreateStaffMemberValidator()
    {
        RuleFor(c => c.Email).RequiredText(Limits.Email).EmailAddress();
        RuleFor(c => c.DisplayName).RequiredText(Limits.Name);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Roles).NotNull().Must(r => r is { Count: > 0 }).WithMessage("Give at least one role: Agent, Supervisor or Admin.");
        RuleForEach(c => c.Roles).Must(r => StaffRoleNames.All.Contains(r)).WithMessage("Roles are Agent, Supervisor or Admin.");
        RuleFor(c => c.TeamIds).NotNull();
        RuleForEach(c => c.TeamIds).NotEmpty();
    }
}

public sealed class CreateStaffMemberHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, UserManager<StaffMember> users, TimeProvider clock)
    : ICommandHandler<CreateStaffMemberCommand, StaffView>
{
    public async ValueTask<StaffView> Handle(CreateStaffMemberCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireAdminAsync(command.ActorId, cancellationToken);
        var teamIds = command.TeamIds.Distinct().ToList();
        var known = await db.Teams.CountAsync(t => teamIds.Contains(t.Id), cancellationToken);
        if (known != teamIds.Count)
        {
            throw InputErrors.For(nameof(command.TeamIds), "One of the teams does not exist.");
        }

        var member = await StaffAccounts.CreateAsync(users, db, work, command.ActorId, command.Email, command.DisplayName, command.Password, command.Roles, teamIds, clock.GetUtcNow());
        return StaffView.Of(member.Id, member.DisplayName, [.. command.Roles.Distinct()], teamIds, isActive: true);
    }
}

/// <summary>Admin: someone leaves; their sign-in stops working at once. Their cases stay theirs until a supervisor reassigns them.</summary>
public sealed record DeactivateStaffMemberCommand(Guid ActorId, Guid StaffId) : ICommand<StaffView>;

public sealed class DeactivateStaffMemberHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, UserManager<StaffMember> users, TimeProvider clock)
    : ICommandHandler<DeactivateStaffMemberCommand, StaffView>
{
    public async ValueTask<StaffView> Handle(DeactivateStaffMemberCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireAdminAsync(command.ActorId, cancellationToken);
        if (command.StaffId == command.ActorId)
        {
            throw new CaseRuleException("You cannot deactivate your own account.");
        }

        var member = await users.FindByIdAsync(command.StaffId.ToString()) ?? throw new NotFoundException("There is no colleague with that id.");
        await work.InTransactionAsync(async () =>
        {
            AuditTrail.Record(db, command.ActorId, AuditChange.StaffDeactivated, member.Id, new { member.Email, member.IsActive }, new { member.Email, IsActive = false }, clock.GetUtcNow());
            member.IsActive = false;
            await users.UpdateAsync(member);
            // A new security stamp invalidates refresh tokens and cookies already handed out.
            return await users.UpdateSecurityStampAsync(member);
        }, cancellationToken);
        var roles = await users.GetRolesAsync(member);
        var teams = await db.TeamMemberships.Where(m => m.StaffId == member.Id).Select(m => m.TeamId).ToListAsync(cancellationToken);
        return StaffView.Of(member.Id, member.DisplayName, [.. roles], teams, isActive: false);
    }
}

public sealed record CreateTeamCommand(Guid ActorId, string Name) : ICommand<TeamView>;

public sealed class CreateTeamValidator : AbstractValidator<CreateTeamCommand>
{
    public CreateTeamValidator() => RuleFor(c => c.Name).RequiredText(Limits.TeamName);
}

public sealed class CreateTeamHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) : ICommandHandler<CreateTeamCommand, TeamView>
{
    public async ValueTask<TeamView> Handle(CreateTeamCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireAdminAsync(command.ActorId, cancellationToken);
        var name = command.Name.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name, cancellationToken))
        {
            throw new CaseRuleException($"There is already a team called {name}.");
        }

        var team = new Team { Id = Guid.CreateVersion7(clock.GetUtcNow()), Name = name, CreatedAt = clock.GetUtcNow() };
        db.Teams.Add(team);
        AuditTrail.Record(db, command.ActorId, AuditChange.TeamCreated, team.Id, null, new { team.Name }, team.CreatedAt);
        await work.CommitAsync(cancellationToken);
        return new TeamView(team.Id, team.Name);
    }
}

/// <summary>Admin: adds or removes a colleague from a team; takes effect on their next request.</summary>
public sealed record SetTeamMembershipCommand(Guid ActorId, Guid TeamId, Guid StaffId, bool Member) : ICommand<bool>;

public sealed class SetTeamMembershipHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) : ICommandHandler<SetTeamMembershipCommand, bool>
{
    public async ValueTask<bool> Handle(SetTeamMembershipCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireAdminAsync(command.ActorId, cancellationToken);
        var team = await db.Teams.Where(t => t.Id == command.TeamId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no team with that id.");
        if (!await db.Users.AnyAsync(u => u.Id == command.StaffId, cancellationToken))
        {
            throw new NotFoundException("There is no colleague with that id.");
        }

        var existing = await db.TeamMemberships.FindAsync([command.TeamId, command.StaffId], cancellationToken);
        if (command.Member && existing is null)
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = command.TeamId, StaffId = command.StaffId });
            AuditTrail.Record(db, command.ActorId, AuditChange.TeamMemberAdded, command.StaffId, null, new { command.TeamId, Team = team }, clock.GetUtcNow());
        }
        else if (!command.Member && existing is not null)
        {
            db.TeamMemberships.Remove(existing);
            AuditTrail.Record(db, command.ActorId, AuditChange.TeamMemberRemoved, command.StaffId, new { command.TeamId, Team = team }, null, clock.GetUtcNow());
        }

        await work.CommitAsync(cancellationToken);
        return command.Member;
    }
}

/// <summary>Creating sign-ins, shared by the admin API, the first-admin bootstrap and the demo data.</summary>
public static class StaffAccounts
{
    /// <summary>The account, its roles and its teams in one transaction: all of them or none, and the audit trail says so.</summary>
    /// <param name="createdBy">The admin; null for the desk itself (the first admin from configuration, demo data).</param>
    public static Task<StaffMember> CreateAsync(
        UserManager<StaffMember> users,
        RecoveryDeskDbContext db,
        UnitOfWork work,
        Guid? createdBy,
        string email,
        string displayName,
        string password,
        IEnumerable<string> roles,
        IEnumerable<Guid> teamIds,
        DateTimeOffset now) =>
        work.InTransactionAsync(async () =>
    {
        var member = new StaffMember
        {
            Id = Guid.CreateVersion7(now),
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            IsActive = true,
            CreatedAt = now,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(member, password);
        if (!created.Succeeded)
        {
            var failures = created.Errors.Select(e => new FluentValidation.Results.ValidationFailure(
                e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", e.Description));
            throw new ValidationException(failures);
        }

        foreach (var role in roles.Distinct())
        {
            await users.AddToRoleAsync(member, role);
        }

        foreach (var team in teamIds.Distinct())
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = team, StaffId = member.Id });
        }

        AuditTrail.Record(db, createdBy, AuditChange.StaffCreated, member.Id, null,
            new { member.Email, member.DisplayName, Roles = roles.Distinct().ToList(), TeamIds = teamIds.Distinct().ToList(), member.IsActive }, now);
        await work.CommitAsync();
        return member;
    });

    public static async Task RequireAdminAsync(this StaffActors actors, Guid actorId, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(actorId, ct);
        if (!actor.IsAdmin)
        {
            throw new NotAllowedException("Only an admin can change staff and teams.");
        }
    }
}
