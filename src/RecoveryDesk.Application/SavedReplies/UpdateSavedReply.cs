using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.SavedReplies;

/// <summary>Supervisor or admin: a saved reply's new title and wording; the audit trail keeps the old ones.</summary>
public sealed record UpdateSavedReplyCommand(Guid ActorId, Guid TeamId, Guid ReplyId, string Title, string Text) : ICommand<SavedReplyView>, ISavedReplyInput;

public sealed class UpdateSavedReplyValidator : AbstractValidator<UpdateSavedReplyCommand>
{
    public UpdateSavedReplyValidator() => Include(new SavedReplyInputValidator());
}

public sealed class UpdateSavedReplyHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) : ICommandHandler<UpdateSavedReplyCommand, SavedReplyView>
{
    public async ValueTask<SavedReplyView> Handle(UpdateSavedReplyCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireMayManageAsync(db, command.ActorId, command.TeamId, cancellationToken);
        var reply = await SavedReplyAccess.FindAsync(db, command.TeamId, command.ReplyId, cancellationToken);
        await SavedReplyAccess.RequireFreeTitleAsync(db, command.TeamId, command.Title, reply.Id, cancellationToken);
        var before = new { reply.Id, reply.Title, reply.Text };
        reply.Title = command.Title.Trim();
        reply.NormalizedTitle = SavedReply.Normalize(command.Title);
        reply.Text = command.Text.Trim();
        reply.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.SavedReplyChanged, command.TeamId, before, new { reply.Id, reply.Title, reply.Text }, reply.UpdatedAt);
        await SavedReplyAccess.CommitAsync(db, work, reply, cancellationToken);
        return SavedReplyView.Of(reply);
    }
}
