using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record ClaimCaseCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ClaimCaseValidator : AbstractValidator<ClaimCaseCommand>
{
    public ClaimCaseValidator() => RuleFor(c => c.CaseId).RequiredId();
}

public sealed class ClaimCaseHandler(CaseWrites cases) : ICommandHandler<ClaimCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ClaimCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Claim(actor, now), cancellationToken);
}
