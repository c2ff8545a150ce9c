using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.SavedReplies;

/// <summary>Supervisor or admin: a new saved reply for the team; its title is the team's only one of that name.</summary>
public sealed record CreateSavedReplyCommand(Guid ActorId, Guid TeamId, string Title, string Text) : ICommand<SavedReplyView>, ISavedReplyInput;

public sealed class CreateSavedReplyValidator : AbstractValidator<CreateSavedReplyCommand>
{
    public CreateSavedReplyValidator() => Include(new SavedReplyInputValidator());
}

public sealed class CreateSavedReplyHandler(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) : ICommandHandler<CreateSavedReplyCommand, SavedReplyView>
{
    public async ValueTask<SavedReplyView> Handle(CreateSavedReplyCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireMayManageAsync(db, command.ActorId, command.TeamId, cancellationToken);
        await SavedReplyAccess.RequireFreeTitleAsync(db, command.TeamId, command.Title, null, cancellationToken);
        var now = clock.GetUtcNow();
        var reply = new SavedReply
        {
            Id = Guid.CreateVersion7(now),
            TeamId = command.TeamId,
            Title = command.Title.Trim(),
            NormalizedTitle = SavedReply.Normalize(command.Title),
            Text = command.Text.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.SavedReplies.Add(reply);
        AuditTrail.Record(db, command.ActorId, AuditChange.SavedReplyCreated, command.TeamId, null, new { reply.Id, reply.Title, reply.Text }, now);
        await SavedReplyAccess.CommitAsync(db, work, reply, cancellationToken);
        return SavedReplyView.Of(reply);
    }
}
