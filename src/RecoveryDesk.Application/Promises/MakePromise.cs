using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

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

public sealed class MakePromiseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<MakePromiseCommand, MadePromise>
{
    public async ValueTask<MadePromise> Handle(MakePromiseCommand command, CancellationToken cancellationToken)
    {
        Guid promiseId = default;
        var written = await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => promiseId = @case.MakePromise(actor, command.Text, command.DueAt, now).Id,
            cancellationToken);
        return new MadePromise(promiseId, written.Version);
    }
}
