using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record ResumeCaseCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ResumeCaseValidator : AbstractValidator<ResumeCaseCommand>
{
    public ResumeCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
    }
}

public sealed class ResumeCaseHandler(CaseWrites cases) : ICommandHandler<ResumeCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ResumeCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Resume(actor, now), cancellationToken);
}
