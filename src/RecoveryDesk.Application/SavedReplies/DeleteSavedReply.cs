using Mediator;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.SavedReplies;

/// <summary>Supervisor or admin: the saved reply is gone from the pickers; the audit trail keeps its wording.</summary>
public sealed record DeleteSavedReplyCommand(Guid ActorId, Guid TeamId, Guid ReplyId) : ICommand<bool>;

public sealed class DeleteSavedReplyHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) : ICommandHandler<DeleteSavedReplyCommand, bool>
{
    public async ValueTask<bool> Handle(DeleteSavedReplyCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireMayManageAsync(db, command.ActorId, command.TeamId, cancellationToken);
        var reply = await SavedReplyAccess.FindAsync(db, command.TeamId, command.ReplyId, cancellationToken);
        db.SavedReplies.Remove(reply);
        AuditTrail.Record(db, command.ActorId, AuditChange.SavedReplyDeleted, command.TeamId, new { reply.Id, reply.Title, reply.Text }, null, clock.GetUtcNow());
        await work.CommitAsync(cancellationToken);
        return true;
    }
}
