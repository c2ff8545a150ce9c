using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;

namespace RecoveryDesk.Application.Assignment;

public sealed record TeamAssignmentView(Guid TeamId, AssignmentMode Mode, int Capacity);

public sealed record GetTeamAssignmentQuery(Guid ActorId, Guid TeamId) : IQuery<TeamAssignmentView>;

/// <summary>Supervisor or admin: Queue or Offered, and the load up to which a member is offered cases.</summary>
public sealed record PutTeamAssignmentCommand(Guid ActorId, Guid TeamId, AssignmentMode? Mode, int? Capacity) : ICommand<TeamAssignmentView>;

public sealed class PutTeamAssignmentValidator : AbstractValidator<PutTeamAssignmentCommand>
{
    public PutTeamAssignmentValidator()
    {
        RuleFor(c => c.TeamId).RequiredId();
        RuleFor(c => c.Mode).NotNull().IsInEnum().WithMessage("Mode is Queue or Offered.");
        RuleFor(c => c.Capacity).InclusiveBetween(1, Loads.MaxCapacity).When(c => c.Capacity is not null)
            .WithMessage($"Capacity is the load (P1 counts 4, P2 3, P3 2, P4 1) a member may carry, from 1 to {Loads.MaxCapacity}.");
    }
}

public sealed class TeamAssignmentHandlers(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) :
    IQueryHandler<GetTeamAssignmentQuery, TeamAssignmentView>,
    ICommandHandler<PutTeamAssignmentCommand, TeamAssignmentView>
{
    public async ValueTask<TeamAssignmentView> Handle(GetTeamAssignmentQuery query, CancellationToken cancellationToken)
    {
        var team = await TeamAsync(query.ActorId, query.TeamId, cancellationToken);
        return new TeamAssignmentView(team.Id, team.AssignmentMode, team.OfferCapacity);
    }

    public async ValueTask<TeamAssignmentView> Handle(PutTeamAssignmentCommand command, CancellationToken cancellationToken)
    {
        var team = await TeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var before = new TeamAssignmentView(team.Id, team.AssignmentMode, team.OfferCapacity);
        team.AssignmentMode = command.Mode!.Value;
        team.OfferCapacity = command.Capacity ?? team.OfferCapacity;
        var after = new TeamAssignmentView(team.Id, team.AssignmentMode, team.OfferCapacity);
        if (after != before)
        {
            AuditTrail.Record(db, command.ActorId, AuditChange.AssignmentChanged, team.Id, before, after, clock.GetUtcNow());
            await work.CommitAsync(cancellationToken);
        }

        return after;
    }

    private async Task<Staff.Team> TeamAsync(Guid actorId, Guid teamId, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(actorId, ct);
        if (!actor.IsSupervisor && !actor.IsAdmin)
        {
            throw new NotAllowedException("A team's assignment is set by supervisors and admins.");
        }

        return await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, ct)
            ?? throw new NotFoundException("There is no team with that id.");
    }
}
