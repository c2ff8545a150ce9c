using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

public sealed record GetCaseQuery(Guid ActorId, Guid CaseId) : IQuery<CaseDetail>;

public sealed class GetCaseHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<GetCaseQuery, CaseDetail>
{
    public async ValueTask<CaseDetail> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var detail = await (
            from c in db.Cases.AsNoTracking()
            where c.Id == query.CaseId
            join t in db.Teams on c.TeamId equals t.Id
            select new CaseDetail(
                c.Id,
                c.Reference,
                new CustomerView(c.Customer.Name, c.Customer.Email, c.Customer.Phone, c.Customer.PreferredAddress),
                c.Subject,
                c.Description,
                c.Channel,
                c.Category,
                c.Priority,
                c.Status,
                c.TeamId,
                t.Name,
                c.OwnerId,
                c.OwnerName,
                c.OpenedAt,
                c.LastActivityAt,
                c.ClaimedAt,
                c.FirstResponseAt,
                c.ResolvedAt,
                c.ClosedAt,
                c.ResolutionSummary,
                c.ReopenCount,
                c.Handoffs
                    .Where(h => h.Status == HandoffStatus.Pending)
                    .Select(h => new HandoffView(h.Id, h.FromAgentId, h.FromAgentName, h.ToAgentId, h.ToTeamId, h.Note, h.OfferedAt, h.ExpiresAt, h.Status))
                    .FirstOrDefault(),
                c.Promises
                    .OrderBy(p => p.DueAt)
                    .Select(p => new PromiseView(p.Id, p.Text, p.MadeAt, p.DueAt, p.OriginalDueAt, p.Status, p.SettledAt, p.RemindAt))
                    .ToList(),
                Array.Empty<ClockView>(),
                c.Version))
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no case with that id.");
        var terms = await db.Cases.AsNoTracking().Where(c => c.Id == query.CaseId).Select(c => c.Terms).SingleAsync(cancellationToken);
        var clocks = await db.CaseClocks.AsNoTracking().Where(k => k.CaseId == query.CaseId).ToListAsync(cancellationToken);
        return detail with { Clocks = ClockViews.For(clocks, terms, detail.Status, clock.GetUtcNow()) };
    }
}
