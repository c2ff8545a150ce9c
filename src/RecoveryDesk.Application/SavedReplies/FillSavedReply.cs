using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.SavedReplies;

/// <summary>
/// A saved reply of the case's team with its placeholders filled for the case, to go into the reply
/// box; for whoever may reply on the case now. Nothing is sent or stored.
/// </summary>
public sealed record FillSavedReplyQuery(Guid ActorId, Guid CaseId, Guid ReplyId) : IQuery<FilledSavedReply>;

/// <param name="Unfilled">Placeholders the case has no value for now; they stay in the text as written.</param>
public sealed record FilledSavedReply(string Text, IReadOnlyList<string> Unfilled);

public sealed class FillSavedReplyHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<FillSavedReplyQuery, FilledSavedReply>
{
    public async ValueTask<FilledSavedReply> Handle(FillSavedReplyQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        var @case = await db.Cases.AsNoTracking().WithParts().SingleOrDefaultAsync(c => c.Id == query.CaseId, cancellationToken)
            ?? throw new NotFoundException("There is no case with that id.");
        @case.RequireMayReply(actor);
        var text = await db.SavedReplies.AsNoTracking()
            .Where(r => r.Id == query.ReplyId && r.TeamId == @case.TeamId)
            .Select(r => r.Text)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The case's team has no saved reply with that id.");
        var (filled, unfilled) = SavedReplyText.Fill(text, @case, clock.GetUtcNow());
        return new FilledSavedReply(filled, unfilled);
    }
}
