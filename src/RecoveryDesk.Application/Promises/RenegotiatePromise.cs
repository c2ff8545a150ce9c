using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

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

public sealed class RenegotiatePromiseHandler(CaseWrites cases) : ICommandHandler<RenegotiatePromiseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(RenegotiatePromiseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.RenegotiatePromise(actor, command.PromiseId, command.NewDueAt, command.Note, now), cancellationToken);
}
