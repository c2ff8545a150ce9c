using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record ResolveCaseCommand(Guid ActorId, Guid CaseId, string Summary, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ResolveCaseValidator : AbstractValidator<ResolveCaseCommand>
{
    public ResolveCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Summary).RequiredText(Limits.LongText);
    }
}

public sealed class ResolveCaseHandler(CaseWrites cases) : ICommandHandler<ResolveCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ResolveCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Resolve(actor, command.Summary, now), cancellationToken);
}
