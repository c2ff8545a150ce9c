using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;

namespace RecoveryDesk.Application.Cases;

public sealed record GetCaseQuery(Guid ActorId, Guid CaseId) : IQuery<CaseDetail>;

/// <summary>
/// The case in full. It reads the aggregate itself (not a projection), because what the caller may do
/// now is the aggregate's to decide.
/// </summary>
public sealed class GetCaseHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<GetCaseQuery, CaseDetail>
{
    public async ValueTask<CaseDetail> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        var c = await db.Cases.AsNoTracking().WithParts().SingleOrDefaultAsync(c => c.Id == query.CaseId, cancellationToken)
            ?? throw new NotFoundException("There is no case with that id.");
        var teamName = await db.Teams.AsNoTracking().Where(t => t.Id == c.TeamId).Select(t => t.Name).SingleAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return new CaseDetail(
            c.Id,
            c.Reference,
            new CustomerView(c.Customer.Name, c.Customer.Email, c.Customer.Phone, c.Customer.PreferredAddress, c.WantsUpdateMail),
            c.Subject,
            c.Description,
            c.Channel,
            c.Category,
            c.Priority,
            c.Status,
            c.TeamId,
            teamName,
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
            c.PendingHandoff is { } pending ? HandoffView.Of(pending) : null,
            [.. c.Promises
                .OrderBy(p => p.DueAt)
                .Select(p => new PromiseView(p.Id, p.Text, p.MadeAt, p.DueAt, p.OriginalDueAt, p.Status, p.SettledAt, p.RemindAt, c.AllowedActions(actor, p)))],
            ClockViews.For(c.Clocks, c.Terms, c.Status, now),
            c.Version,
            c.AllowedActions(actor, now),
            PublicWording.ZoneName(PublicWording.ZoneOf(c)));
    }
}
