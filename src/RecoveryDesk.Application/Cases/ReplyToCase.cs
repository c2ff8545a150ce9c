using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Cases;

public sealed record ReplyToCaseCommand(Guid ActorId, Guid CaseId, string Text, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class ReplyToCaseValidator : AbstractValidator<ReplyToCaseCommand>
{
    public ReplyToCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Text).RequiredText(Limits.LongText);
    }
}

public sealed class ReplyToCaseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ReplyToCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReplyToCaseCommand command, CancellationToken cancellationToken) =>
        await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.Reply(actor, command.Text, now), cancellationToken);
}
