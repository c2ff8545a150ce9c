using Mediator;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Public;

/// <summary>The customer's status page: reference and access code, no account.</summary>
public sealed record GetPublicCaseQuery(string? Reference, string? AccessCode) : IQuery<PublicCaseView>;

public sealed class GetPublicCaseHandler(RecoveryDeskDbContext db, TimeProvider clock) : IQueryHandler<GetPublicCaseQuery, PublicCaseView>
{
    public async ValueTask<PublicCaseView> Handle(GetPublicCaseQuery query, CancellationToken cancellationToken)
    {
        var @case = await PublicCaseAccess.FindAsync(db.Cases.ForStatusPage(), query.Reference, query.AccessCode, cancellationToken);
        return await PublicCaseViews.ReadAsync(db, @case, clock.GetUtcNow(), cancellationToken);
    }
}
