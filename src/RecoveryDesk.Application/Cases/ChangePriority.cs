using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

public sealed record ChangePriorityCommand(Guid ActorId, Guid CaseId, Priority? Priority, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ChangePriorityValidator : AbstractValidator<ChangePriorityCommand>
{
    public ChangePriorityValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Priority).NotNull().WithMessage("Give a priority, P1 to P4.").IsInEnum();
    }
}

public sealed class ChangePriorityHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ChangePriorityCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ChangePriorityCommand command, CancellationToken cancellationToken)
    {
        var teamId = await db.Cases.Where(c => c.Id == command.CaseId).Select(c => (Guid?)c.TeamId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no case with that id.");
        var terms = await db.TermsForAsync(teamId, command.Priority!.Value, cancellationToken);
        return await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.ChangePriority(actor, command.Priority.Value, terms, now), cancellationToken);
    }
}
