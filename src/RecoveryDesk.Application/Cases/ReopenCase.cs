using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record ReopenCaseCommand(Guid ActorId, Guid CaseId, string Reason, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ReopenCaseValidator : AbstractValidator<ReopenCaseCommand>
{
    public ReopenCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Reason).RequiredText(Limits.Reason);
    }
}

public sealed class ReopenCaseHandler(CaseWrites cases) : ICommandHandler<ReopenCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReopenCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Reopen(actor, command.Reason, now), cancellationToken);
}
