using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>The one projection of cases into list rows, shared by the list, the queue and "my cases".</summary>
public static class CaseProjections
{
    internal static IQueryable<CaseSummary> ToSummaries(this IQueryable<Case> cases, RecoveryDeskDbContext db) =>
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

    /// <summary>
    /// The same SLA standing and next due time as <see cref="ToSummaries"/> computes in SQL, for a case
    /// in memory (the live messages); keep the two in step.
    /// </summary>
    public static (SlaState State, DateTimeOffset? NextDueAt) SlaStandingOf(Case c)
    {
        var running = c.Clocks.Where(k => k.MetAt == null).ToList();
        var state = c.Status == CaseStatus.WaitingOnCustomer ? SlaState.Paused
            : c.Status is CaseStatus.Resolved or CaseStatus.Closed ? SlaState.Stopped
            : running.Any(k => k.BreachedAt != null) ? SlaState.Breached
            : running.Any(k => k.WarnedAt != null) ? SlaState.AtRisk
            : SlaState.OnTrack;
        DateTimeOffset? next = c.Status is CaseStatus.New or CaseStatus.Open && running.Count > 0 ? running.Min(k => k.DueAt) : null;
        return (state, next);
    }
}
