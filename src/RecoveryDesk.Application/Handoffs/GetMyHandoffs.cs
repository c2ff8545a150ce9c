using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Handoffs;

public sealed record HandoffOfferView(
    Guid HandoffId,
    Guid CaseId,
    string Reference,
    string Subject,
    Priority Priority,
    HandoffKind Kind,
    Guid? FromAgentId,
    string FromAgentName,
    Guid? ToAgentId,
    Guid? ToTeamId,
    string Note,
    DateTimeOffset OfferedAt,
    DateTimeOffset ExpiresAt,
    int Version);

/// <summary>Pending hand-offs offered to the caller by name or to one of the caller's teams, newest first.</summary>
public sealed record GetMyHandoffsQuery(Guid ActorId) : IQuery<IReadOnlyList<HandoffOfferView>>;

public sealed class GetMyHandoffsHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetMyHandoffsQuery, IReadOnlyList<HandoffOfferView>>
{
    public async ValueTask<IReadOnlyList<HandoffOfferView>> Handle(GetMyHandoffsQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        var teams = actor.TeamIds.ToList();
        return await (
            from h in db.Handoffs.AsNoTracking()
            where h.Status == HandoffStatus.Pending
                && h.FromAgentId != query.ActorId
                && (h.ToAgentId == query.ActorId || (h.ToTeamId != null && teams.Contains(h.ToTeamId.Value)))
            join c in db.Cases on h.CaseId equals c.Id
            orderby h.OfferedAt descending
            select new HandoffOfferView(h.Id, c.Id, c.Reference, c.Subject, c.Priority, h.Kind, h.FromAgentId, h.FromAgentName, h.ToAgentId, h.ToTeamId, h.Note, h.OfferedAt, h.ExpiresAt, c.Version))
            .ToListAsync(cancellationToken);
    }
}
