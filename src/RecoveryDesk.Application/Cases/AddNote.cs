using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <param name="AttachmentIds">Files the author uploaded for the case, kept with the note (staff only).</param>
public sealed record AddNoteCommand(Guid ActorId, Guid CaseId, string Text, int? ExpectedVersion = null, IReadOnlyList<Guid>? AttachmentIds = null) : ICaseCommand<CaseWritten>;

public sealed class AddNoteValidator : AbstractValidator<AddNoteCommand>
{
    public AddNoteValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Text).RequiredText(Limits.LongText);
        RuleFor(c => c.AttachmentIds).AttachmentIds();
    }
}

public sealed class AddNoteHandler(CaseWrites cases, RecoveryDeskDbContext db) : ICommandHandler<AddNoteCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(AddNoteCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, async (@case, actor, now) =>
        {
            @case.AddNote(actor, command.Text, now);
            await AttachmentLinks.LinkAsync(db, @case, TimelineKind.Note, command.AttachmentIds, actor.Id, cancellationToken);
            return new CaseWritten(@case.Id, @case.Version);
        }, cancellationToken);
}
