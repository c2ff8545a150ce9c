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

public sealed class ChangePriorityHandler(RecoveryDeskDbContext db, CaseWrites cases) : ICommandHandler<ChangePriorityCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ChangePriorityCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, async (@case, actor, now) =>
        {
            var priority = command.Priority!.Value;
            @case.ChangePriority(actor, priority, await db.TermsForAsync(@case.TeamId, priority, cancellationToken), now);
            return new CaseWritten(@case.Id, @case.Version);
        }, cancellationToken);
}
