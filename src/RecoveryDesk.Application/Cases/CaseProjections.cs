using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>The one projection of cases into list rows, shared by the list, the queue, "my cases" and the board.</summary>
public static class CaseProjections
{
    /// <summary>
    /// The rows of <paramref name="cases"/> in its order. The cases come in one query, then the running
    /// clocks and pending hand-offs of just those cases in one query each: four correlated subqueries per
    /// row cost more than the rows themselves once a desk holds a million cases.
    /// </summary>
    internal static async Task<List<CaseSummary>> ToSummariesAsync(this IQueryable<Case> cases, RecoveryDeskDbContext db, CancellationToken ct)
    {
        var rows = await (
            from c in cases
            join t in db.Teams on c.TeamId equals t.Id
            // The hand-off flag and SLA standing are filled in below, from two small queries.
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
                false,
                SlaState.OnTrack,
                c.NextDueAt,
                c.Version))
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        // One array parameter each: a statement with hundreds of parameters costs more to prepare than to run.
        var ids = rows.Select(r => r.Id).ToList();
        // Only New and Open cases have a standing that depends on their clocks.
        var timed = rows.Where(r => r.Status is CaseStatus.New or CaseStatus.Open).Select(r => r.Id).ToList();
        var clocks = timed.Count == 0
            ? []
            : await db.CaseClocks.AsNoTracking()
                .Where(k => EF.Parameter(timed).Contains(k.CaseId) && k.MetAt == null)
                .Select(k => new RunningClock(k.CaseId, k.WarnedAt, k.BreachedAt))
                .ToListAsync(ct);
        var pending = (await db.Handoffs.AsNoTracking()
            .Where(h => EF.Parameter(ids).Contains(h.CaseId) && h.Status == HandoffStatus.Pending)
            .Select(h => h.CaseId)
            .ToListAsync(ct)).ToHashSet();
        var running = clocks.ToLookup(k => k.CaseId);
        return [.. rows.Select(r =>
        {
            return r with { HasPendingHandoff = pending.Contains(r.Id), SlaState = Standing(r.Status, running[r.Id]) };
        })];
    }

    /// <summary>
    /// The same SLA standing and next due time as <see cref="ToSummariesAsync"/> gives a list row, for a
    /// case in memory (the live messages).
    /// </summary>
    public static (SlaState State, DateTimeOffset? NextDueAt) SlaStandingOf(Case c) =>
        (Standing(c.Status, [.. c.Clocks.Where(k => k.MetAt is null).Select(k => new RunningClock(c.Id, k.WarnedAt, k.BreachedAt))]), c.NextDueAt);

    private static SlaState Standing(CaseStatus status, IEnumerable<RunningClock> running)
    {
        if (status == CaseStatus.WaitingOnCustomer)
        {
            return SlaState.Paused;
        }

        if (status is CaseStatus.Resolved or CaseStatus.Closed)
        {
            return SlaState.Stopped;
        }

        var clocks = running.ToList();
        return clocks.Any(k => k.BreachedAt is not null) ? SlaState.Breached
            : clocks.Any(k => k.WarnedAt is not null) ? SlaState.AtRisk
            : SlaState.OnTrack;
    }

    private sealed record RunningClock(Guid CaseId, DateTimeOffset? WarnedAt, DateTimeOffset? BreachedAt);
}
