using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Supervision;

public sealed record ReassignCaseCommand(Guid ActorId, Guid CaseId, Guid ToAgentId, string Reason, int? ExpectedVersion = null)
    : ICaseCommand<CaseWritten>;

public sealed class ReassignCaseValidator : AbstractValidator<ReassignCaseCommand>
{
    public ReassignCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.ToAgentId).RequiredId();
        RuleFor(c => c.Reason).RequiredText(Limits.Reason);
    }
}

public sealed class ReassignCaseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ReassignCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReassignCaseCommand command, CancellationToken cancellationToken)
    {
        var actor = await db.LoadActorAsync(command.ActorId, cancellationToken);
        if (!actor.IsSupervisor)
        {
            // Decided before looking at the target, so non-supervisors learn nothing about colleagues.
            throw new Domain.NotAllowedException("Only a supervisor can reassign a case.");
        }

        string toName;
        try
        {
            toName = await db.RequireActiveStaffNameAsync(command.ToAgentId, cancellationToken);
        }
        catch (NotFoundException)
        {
            throw InputErrors.For(nameof(command.ToAgentId), "There is no active colleague with that id.");
        }

        if (!await db.CanOwnCasesAsync(command.ToAgentId, cancellationToken))
        {
            throw InputErrors.For(nameof(command.ToAgentId), "Only an agent or a supervisor can own a case.");
        }

        return await db.WriteCaseAsync(actor, command.CaseId, command.ExpectedVersion, clock,
            (@case, a, now) => @case.Reassign(a, command.ToAgentId, toName, command.Reason, now), cancellationToken);
    }
}
