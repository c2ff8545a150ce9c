using System.Linq.Expressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Supervision;

public sealed record BoardClockItem(CaseSummary Case, ClockKind Clock, DateTimeOffset DueAt, DateTimeOffset? WarnedAt, DateTimeOffset? BreachedAt, int EscalationLevel);

public sealed record BoardHandoffItem(CaseSummary Case, Guid HandoffId, HandoffKind Kind, string FromAgentName, Guid? ToAgentId, Guid? ToTeamId, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt, HandoffStatus Status);

public sealed record BoardPromiseItem(CaseSummary Case, Guid PromiseId, string Text, DateTimeOffset DueAt, DateTimeOffset? BrokenAt);

/// <summary>A recovery case opened by a detractor's loyalty answers, with the case they were about.</summary>
public sealed record BoardFollowUpItem(CaseSummary Case, Guid OriginalCaseId, string OriginalReference);

/// <summary>A case offered assignment found nobody (left) for: it waits in the queue for a claim or a reassignment.</summary>
public sealed record BoardQueueItem(CaseSummary Case, string Reason, DateTimeOffset At);

/// <param name="Availability">Available, Away or Off now; <paramref name="AwayUntil"/> when an absence ends by itself.</param>
public sealed record AgentLoad(Guid AgentId, string Name, int OpenCases, int BreachedCases, int WaitingOnCustomer, Assignment.Availability Availability = Assignment.Availability.Available, DateTimeOffset? AwayUntil = null);

public sealed record Board(
    DateTimeOffset At,
    IReadOnlyList<BoardClockItem> Breached,
    IReadOnlyList<BoardClockItem> AtRisk,
    IReadOnlyList<BoardClockItem> Escalations,
    IReadOnlyList<BoardHandoffItem> OverdueHandoffs,
    IReadOnlyList<BoardPromiseItem> BrokenPromises,
    IReadOnlyList<AgentLoad> Load,
    IReadOnlyList<BoardFollowUpItem> DetractorFollowUps,
    IReadOnlyList<Mail.UnsentMail> UnsentMail,
    IReadOnlyList<Mail.Inbound.MailboxState> FailingMailboxes,
    IReadOnlyList<BoardHandoffItem> CoverOffers,
    IReadOnlyList<BoardQueueItem> LeftInQueue);

/// <summary>The supervisor's view of where the promise to customers is at risk right now.</summary>
public sealed record GetBoardQuery(Guid ActorId) : IQuery<Board>;

public sealed class GetBoardHandler(RecoveryDeskDbContext db, StaffActors actors, Mail.Inbound.MailboxHealth mailboxes, TimeProvider clock) : IQueryHandler<GetBoardQuery, Board>
{
    private const int MaxRows = 200;

    // A case has at most one clock of each kind, so this many clocks hold at least MaxRows cases.
    private const int ClocksRead = MaxRows * 3;
    private static readonly TimeSpan Recent = TimeSpan.FromDays(7);

    public async ValueTask<Board> Handle(GetBoardQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!actor.IsSupervisor)
        {
            throw new NotAllowedException("The board is for supervisors.");
        }

        var now = clock.GetUtcNow();
        var breachedClocks = await RunningOnActiveCases(k => k.BreachedAt != null).Take(ClocksRead).ToListAsync(cancellationToken);
        var atRiskClocks = await RunningOnActiveCases(k => k.WarnedAt != null && k.BreachedAt == null).Take(ClocksRead).ToListAsync(cancellationToken);
        // Only a breached clock escalates: saying so lets the query walk the breached clocks only. The first
        // step is the breach itself told to the team's supervisors, who see it under Breaches; escalations
        // are the steps past it.
        var escalatedClocks = await RunningOnActiveCases(k => k.BreachedAt != null && k.EscalationLevel > 1).Take(ClocksRead).ToListAsync(cancellationToken);

        // Each case once on the board, in its worst list with its worst clock: escalated (highest level),
        // else breached (most overdue), else at risk (soonest due). The clocks arrive soonest due first.
        var escalated = escalatedClocks.OrderByDescending(k => k.EscalationLevel).DistinctBy(k => k.CaseId).OrderBy(k => k.DueAt).Take(MaxRows).ToList();
        var shown = escalated.Select(k => k.CaseId).ToHashSet();
        var breached = breachedClocks.Where(k => !shown.Contains(k.CaseId)).DistinctBy(k => k.CaseId).Take(MaxRows).ToList();
        shown.UnionWith(breachedClocks.Select(k => k.CaseId));
        var atRisk = atRiskClocks.Where(k => !shown.Contains(k.CaseId)).DistinctBy(k => k.CaseId).Take(MaxRows).ToList();

        var since = now - Recent;
        var handoffs = await db.Handoffs.AsNoTracking()
            .Where(h => (h.Status == HandoffStatus.Pending && h.ExpiresAt <= now)
                || (h.Status == HandoffStatus.Expired && h.AnsweredAt >= since))
            .OrderByDescending(h => h.ExpiresAt)
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
        var promises = await db.Promises.AsNoTracking()
            .Where(p => p.Status == PromiseStatus.Broken && p.SettledAt >= since)
            .Join(db.Cases.Where(c => c.Status != CaseStatus.Closed), p => p.CaseId, c => c.Id, (p, c) => p)
            .OrderByDescending(p => p.SettledAt)
            .Take(MaxRows)
            .ToListAsync(cancellationToken);

        // Cases the desk offered for an away owner, still waiting for someone to accept.
        var covers = await db.Handoffs.AsNoTracking()
            .Where(h => h.Status == HandoffStatus.Pending && h.Kind == HandoffKind.Cover)
            .OrderBy(h => h.ExpiresAt)
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
        // Cases offered assignment left in the queue, still unclaimed: the latest reason for each.
        var left = (await db.Timeline.AsNoTracking()
                .Where(t => t.Kind == TimelineKind.LeftInQueue)
                .Join(db.Cases.Where(c => c.Status == CaseStatus.New && c.OfferDueAt == null), t => t.CaseId, c => c.Id, (t, c) => new { t.CaseId, t.Text, t.At })
                .OrderByDescending(t => t.At)
                .Take(MaxRows)
                .ToListAsync(cancellationToken))
            .DistinctBy(t => t.CaseId)
            .ToList();

        var caseIds = breached.Concat(atRisk).Concat(escalated).Select(k => k.CaseId)
            .Concat(handoffs.Select(h => h.CaseId)).Concat(promises.Select(p => p.CaseId))
            .Concat(covers.Select(h => h.CaseId)).Concat(left.Select(t => t.CaseId)).Distinct().ToList();
        var rows = (await db.Cases.AsNoTracking().Where(c => EF.Parameter(caseIds).Contains(c.Id)).ToSummariesAsync(db, cancellationToken))
            .ToDictionary(r => r.Id);

        BoardClockItem ClockItem(CaseClock k) => new(rows[k.CaseId], k.Kind, k.DueAt, k.WarnedAt, k.BreachedAt, k.EscalationLevel);
        BoardHandoffItem HandoffItem(Handoff h) => new(rows[h.CaseId], h.Id, h.Kind, h.FromAgentName, h.ToAgentId, h.ToTeamId, h.OfferedAt, h.ExpiresAt, h.Status);
        return new Board(
            now,
            [.. breached.Select(ClockItem)],
            [.. atRisk.Select(ClockItem)],
            [.. escalated.Select(ClockItem)],
            [.. handoffs.Select(HandoffItem)],
            [.. promises.Select(p => new BoardPromiseItem(rows[p.CaseId], p.Id, p.Text, p.DueAt, p.SettledAt))],
            await LoadAsync(now, cancellationToken),
            await DetractorFollowUpsAsync(cancellationToken),
            await Mail.MailProjections.UnsentAsync(db, since, MaxRows, cancellationToken),
            [.. mailboxes.States.Where(s => !s.Ok).OrderBy(s => s.FailingSince)],
            [.. covers.Select(HandoffItem)],
            [.. left.Select(t => new BoardQueueItem(rows[t.CaseId], t.Text, t.At))]);
    }

    /// <summary>Follow-ups of unhappy feedback still being worked (not yet resolved), newest first.</summary>
    private async Task<IReadOnlyList<BoardFollowUpItem>> DetractorFollowUpsAsync(CancellationToken ct)
    {
        var open = db.Cases.AsNoTracking().Where(c => c.FollowUp == FollowUpKind.Detractor
            && (c.Status == CaseStatus.New || c.Status == CaseStatus.Open || c.Status == CaseStatus.WaitingOnCustomer));
        var rows = await open.OrderByDescending(c => c.OpenedAt).Take(MaxRows).ToSummariesAsync(db, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var originals = await db.Cases.AsNoTracking()
            .Where(f => ids.Contains(f.Id))
            .Join(db.Cases, f => f.LinkedCaseId, o => (Guid?)o.Id, (f, o) => new { f.Id, OriginalId = o.Id, o.Reference })
            .ToDictionaryAsync(x => x.Id, ct);
        return [.. rows.Select(r => new BoardFollowUpItem(r, originals[r.Id].OriginalId, originals[r.Id].Reference))];
    }

    /// <summary>
    /// Running clocks of New and Open cases that match <paramref name="which"/>, soonest due first. The
    /// clocks come first and each one's case is checked on its own, so a filtered index on the clocks
    /// (breached, at risk) is read in due order and the read stops after the rows it needs.
    /// </summary>
    private IQueryable<CaseClock> RunningOnActiveCases(Expression<Func<CaseClock, bool>> which) =>
        db.CaseClocks.AsNoTracking()
            .Where(k => k.MetAt == null)
            .Where(which)
            .Where(k => db.Cases.Any(c => c.Id == k.CaseId && (c.Status == CaseStatus.New || c.Status == CaseStatus.Open)))
            .OrderBy(k => k.DueAt);

    /// <summary>
    /// Per person: cases owned that are Open or waiting on the customer, and the Open ones with a breached
    /// running clock. The counts are index seeks per person; the breached ones start from the few breached
    /// clocks rather than looking for a breach under every owned case.
    /// </summary>
    private async Task<IReadOnlyList<AgentLoad>> LoadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var people = await db.Users.AsNoTracking()
            .Where(u => u.IsActive)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Availability,
                u.AwayUntil,
                Open = db.Cases.Count(c => c.OwnerId == u.Id && c.Status == CaseStatus.Open),
                Waiting = db.Cases.Count(c => c.OwnerId == u.Id && c.Status == CaseStatus.WaitingOnCustomer),
            })
            .ToListAsync(ct);
        var breachedOwners = await db.CaseClocks.AsNoTracking()
            .Where(k => k.MetAt == null && k.BreachedAt != null)
            .Select(k => new
            {
                k.CaseId,
                OwnerId = db.Cases.Where(c => c.Id == k.CaseId && c.Status == CaseStatus.Open).Select(c => c.OwnerId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var breachedByOwner = breachedOwners
            .Where(b => b.OwnerId != null)
            .DistinctBy(b => b.CaseId)
            .CountBy(b => b.OwnerId!.Value)
            .ToDictionary();
        var agentIds = (await db.UserRoles.AsNoTracking()
            .Join(db.Roles.Where(r => r.Name == Staff.StaffRoleNames.Agent || r.Name == Staff.StaffRoleNames.Supervisor), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .ToListAsync(ct)).ToHashSet();
        return [.. people
            .Where(p => agentIds.Contains(p.Id) || p.Open + p.Waiting > 0)
            .Select(p =>
            {
                var state = Assignment.Availabilities.Effective(p.Availability, p.AwayUntil, now);
                return new AgentLoad(p.Id, p.DisplayName, p.Open + p.Waiting, breachedByOwner.GetValueOrDefault(p.Id), p.Waiting, state, state == Assignment.Availability.Away ? p.AwayUntil : null);
            })
            .OrderByDescending(l => l.OpenCases)
            .ThenBy(l => l.Name, StringComparer.Ordinal)];
    }
}
