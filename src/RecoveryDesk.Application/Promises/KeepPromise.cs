using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Promises;

public sealed record KeepPromiseCommand(Guid ActorId, Guid CaseId, Guid PromiseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class KeepPromiseValidator : AbstractValidator<KeepPromiseCommand>
{
    public KeepPromiseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.PromiseId).RequiredId();
    }
}

public sealed class KeepPromiseHandler(CaseWrites cases) : ICommandHandler<KeepPromiseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(KeepPromiseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.KeepPromise(actor, command.PromiseId, now), cancellationToken);
}
