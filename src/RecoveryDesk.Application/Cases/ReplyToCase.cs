using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

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

public sealed class ReplyToCaseHandler(CaseWrites cases) : ICommandHandler<ReplyToCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReplyToCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Reply(actor, command.Text, now), cancellationToken);
}
