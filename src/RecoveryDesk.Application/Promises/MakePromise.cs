using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Promises;

public sealed record MakePromiseCommand(Guid ActorId, Guid CaseId, string Text, DateTimeOffset DueAt, int? ExpectedVersion = null)
    : ICaseCommand<MadePromise>;

public sealed record MadePromise(Guid PromiseId, int Version);

public sealed class MakePromiseValidator : AbstractValidator<MakePromiseCommand>
{
    public MakePromiseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Text).RequiredText(Limits.LongText);
        RuleFor(c => c.DueAt).NotEmpty();
    }
}

public sealed class MakePromiseHandler(CaseWrites cases) : ICommandHandler<MakePromiseCommand, MadePromise>
{
    public async ValueTask<MadePromise> Handle(MakePromiseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) =>
            new MadePromise(@case.MakePromise(actor, command.Text, command.DueAt, now).Id, @case.Version), cancellationToken);
}
