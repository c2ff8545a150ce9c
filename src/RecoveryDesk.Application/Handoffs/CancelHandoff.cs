using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Handoffs;

public sealed record CancelHandoffCommand(Guid ActorId, Guid CaseId, Guid HandoffId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class CancelHandoffValidator : AbstractValidator<CancelHandoffCommand>
{
    public CancelHandoffValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.HandoffId).RequiredId();
    }
}

public sealed class CancelHandoffHandler(CaseWrites cases) : ICommandHandler<CancelHandoffCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(CancelHandoffCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.CancelHandoff(actor, command.HandoffId, now), cancellationToken);
}
