using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

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

public sealed class DeclineHandoffHandler(CaseWrites cases) : ICommandHandler<DeclineHandoffCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(DeclineHandoffCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.DeclineHandoff(actor, command.HandoffId, command.Reason, now), cancellationToken);
}
