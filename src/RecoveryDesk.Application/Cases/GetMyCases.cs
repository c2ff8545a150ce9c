using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>The cases the caller owns that are not closed yet, the next deadline first.</summary>
public sealed record GetMyCasesQuery(Guid ActorId) : IQuery<IReadOnlyList<CaseSummary>>;

public sealed class GetMyCasesHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetMyCasesQuery, IReadOnlyList<CaseSummary>>
{
    private const int MaxRows = 500;

    public async ValueTask<IReadOnlyList<CaseSummary>> Handle(GetMyCasesQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var mine = await db.Cases.AsNoTracking()
            .Where(c => c.OwnerId == query.ActorId && c.Status != CaseStatus.Closed)
            .OrderByDescending(c => c.LastActivityAt)
            .Take(MaxRows)
            .ToSummariesAsync(db, cancellationToken);
        return [.. mine.OrderBy(c => c.NextDueAt ?? DateTimeOffset.MaxValue).ThenBy(c => c.OpenedAt)];
    }
}
