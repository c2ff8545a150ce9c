using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Handoffs;

public sealed record DeclineHandoffCommand(Guid ActorId, Guid CaseId, Guid HandoffId, string Reason, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class DeclineHandoffValidator : AbstractValidator<DeclineHandoffCommand>
{
    public DeclineHandoffValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.HandoffId).RequiredId();
        RuleFor(c => c.Reason).RequiredText(Limits.Reason);
    }
}

public sealed class DeclineHandoffHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<DeclineHandoffCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(DeclineHandoffCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.DeclineHandoff(actor, command.HandoffId, command.Reason, now), cancellationToken);
}
