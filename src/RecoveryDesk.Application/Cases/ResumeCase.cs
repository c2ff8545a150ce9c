using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Cases;

public sealed record ResumeCaseCommand(Guid ActorId, Guid CaseId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ResumeCaseValidator : AbstractValidator<ResumeCaseCommand>
{
    public ResumeCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
    }
}

public sealed class ResumeCaseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ResumeCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ResumeCaseCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.Resume(actor, now), cancellationToken);
}
