using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

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

public sealed class ReopenCaseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ReopenCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReopenCaseCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.Reopen(actor, command.Reason, now), cancellationToken);
}
