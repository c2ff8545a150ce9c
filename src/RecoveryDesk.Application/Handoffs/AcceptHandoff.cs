using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Handoffs;

public sealed record AcceptHandoffCommand(Guid ActorId, Guid CaseId, Guid HandoffId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class AcceptHandoffValidator : AbstractValidator<AcceptHandoffCommand>
{
    public AcceptHandoffValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.HandoffId).RequiredId();
    }
}

public sealed class AcceptHandoffHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<AcceptHandoffCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(AcceptHandoffCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.AcceptHandoff(actor, command.HandoffId, now), cancellationToken);
}
