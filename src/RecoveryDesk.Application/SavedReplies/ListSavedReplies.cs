using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.SavedReplies;

/// <summary>A team's saved replies by title, for its members, supervisors and admins.</summary>
public sealed record ListSavedRepliesQuery(Guid ActorId, Guid TeamId) : IQuery<IReadOnlyList<SavedReplyView>>;

public sealed class ListSavedRepliesHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<ListSavedRepliesQuery, IReadOnlyList<SavedReplyView>>
{
    public async ValueTask<IReadOnlyList<SavedReplyView>> Handle(ListSavedRepliesQuery query, CancellationToken cancellationToken)
    {
        await actors.RequireMayReadAsync(db, query.ActorId, query.TeamId, cancellationToken);
        var replies = await db.SavedReplies.AsNoTracking()
            .Where(r => r.TeamId == query.TeamId)
            .OrderBy(r => r.NormalizedTitle)
            .Select(r => new SavedReplyView(r.Id, r.TeamId, r.Title, r.Text, r.UpdatedAt))
            .ToListAsync(cancellationToken);
        return replies;
    }
}
