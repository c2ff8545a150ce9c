using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>The one projection of cases into list rows, shared by the list, the queue and "my cases".</summary>
internal static class CaseProjections
{
    public static IQueryable<CaseSummary> ToSummaries(this IQueryable<Case> cases, RecoveryDeskDbContext db) =>
        from c in cases
        join t in db.Teams on c.TeamId equals t.Id
        select new CaseSummary(
            c.Id,
            c.Reference,
            c.Subject,
            c.Customer.Name,
            c.Status,
            c.Priority,
            c.TeamId,
            t.Name,
            c.OwnerId,
            c.OwnerName,
            c.OpenedAt,
            c.LastActivityAt,
            c.Handoffs.Any(h => h.Status == HandoffStatus.Pending),
            c.Status == CaseStatus.WaitingOnCustomer ? SlaState.Paused
                : c.Status == CaseStatus.Resolved || c.Status == CaseStatus.Closed ? SlaState.Stopped
                : c.Clocks.Any(k => k.MetAt == null && k.BreachedAt != null) ? SlaState.Breached
                : c.Clocks.Any(k => k.MetAt == null && k.WarnedAt != null) ? SlaState.AtRisk
                : SlaState.OnTrack,
            c.Status == CaseStatus.New || c.Status == CaseStatus.Open
                ? c.Clocks.Where(k => k.MetAt == null).OrderBy(k => k.DueAt).Select(k => (DateTimeOffset?)k.DueAt).FirstOrDefault()
                : null,
            c.Version);
}
