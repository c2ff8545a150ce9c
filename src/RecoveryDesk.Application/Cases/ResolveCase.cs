using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

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

public sealed class ResolveCaseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ResolveCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ResolveCaseCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.Resolve(actor, command.Summary, now), cancellationToken);
}
