using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record CloseCaseCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class CloseCaseValidator : AbstractValidator<CloseCaseCommand>
{
    public CloseCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
    }
}

public sealed class CloseCaseHandler(CaseWrites cases) : ICommandHandler<CloseCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(CloseCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Close(actor, now), cancellationToken);
}
