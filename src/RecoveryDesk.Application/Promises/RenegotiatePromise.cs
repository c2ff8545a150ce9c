using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Promises;

public sealed record RenegotiatePromiseCommand(Guid ActorId, Guid CaseId, Guid PromiseId, DateTimeOffset NewDueAt, string Note, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class RenegotiatePromiseValidator : AbstractValidator<RenegotiatePromiseCommand>
{
    public RenegotiatePromiseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.PromiseId).RequiredId();
        RuleFor(c => c.NewDueAt).NotEmpty();
        RuleFor(c => c.Note).RequiredText(Limits.Reason);
    }
}

public sealed class RenegotiatePromiseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<RenegotiatePromiseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(RenegotiatePromiseCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.RenegotiatePromise(actor, command.PromiseId, command.NewDueAt, command.Note, now), cancellationToken);
}
