using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>The New cases of the caller's teams, oldest first: what is waiting for an owner.</summary>
public sealed record GetQueueQuery(Guid ActorId) : IQuery<IReadOnlyList<CaseSummary>>;

public sealed class GetQueueHandler(RecoveryDeskDbContext db) : IQueryHandler<GetQueueQuery, IReadOnlyList<CaseSummary>>
{
    private const int MaxRows = 500;

    public async ValueTask<IReadOnlyList<CaseSummary>> Handle(GetQueueQuery query, CancellationToken cancellationToken)
    {
        var actor = await db.LoadActorAsync(query.ActorId, cancellationToken);
        var teams = actor.TeamIds.ToList();
        return await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.New && teams.Contains(c.TeamId))
            .OrderBy(c => c.OpenedAt)
            .Take(MaxRows)
            .ToSummariesAsync(db, cancellationToken);
    }
}
