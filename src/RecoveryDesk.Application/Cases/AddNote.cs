using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Cases;

public sealed record AddNoteCommand(Guid ActorId, Guid CaseId, string Text, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class AddNoteValidator : AbstractValidator<AddNoteCommand>
{
    public AddNoteValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Text).RequiredText(Limits.LongText);
    }
}

public sealed class AddNoteHandler(CaseWrites cases) : ICommandHandler<AddNoteCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(AddNoteCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.AddNote(actor, command.Text, now), cancellationToken);
}
