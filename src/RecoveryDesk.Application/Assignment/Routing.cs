using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Assignment;

/// <summary>
/// What the team settings and the owners' availability add to a change before it is written, the first
/// step of <see cref="UnitOfWork"/>: a new case in a team with offered assignment waits for an offer
/// (which <see cref="OfferRound"/> makes after the commit), and when the customer writes or a deadline
/// warns on a case whose owner is away or off shift, the case is offered to the substitute (else the
/// team) with a note, in the same transaction as what caused it. The aggregate makes both offers; this
/// only reads what it cannot know.
/// </summary>
public static class Routing
{
    public static async Task ApplyAsync(RecoveryDeskDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cases = db.ChangeTracker.Entries<Case>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        if (cases.Count == 0)
        {
            return;
        }

        var opened = cases.Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (opened.Count > 0)
        {
            var teamIds = opened.Select(c => c.TeamId).Distinct().ToList();
            var offered = await db.Teams.AsNoTracking()
                .Where(t => teamIds.Contains(t.Id) && t.AssignmentMode == AssignmentMode.Offered)
                .Select(t => t.Id)
                .ToListAsync(ct);
            foreach (var @case in opened.Where(c => offered.Contains(c.TeamId)))
            {
                @case.AwaitOffer(now);
            }
        }

        var needCover = cases.Select(e => e.Entity)
            .Where(c => c.OwnerId is not null && c.PendingHandoff is null && c.Events.Any(AsksForTheOwner))
            .ToList();
        if (needCover.Count == 0)
        {
            return;
        }

        var ownerIds = needCover.Select(c => c.OwnerId!.Value).Distinct().ToList();
        var owners = await db.Users.AsNoTracking()
            .Where(u => ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Availability, u.AwayUntil, u.SubstituteId })
            .ToDictionaryAsync(u => u.Id, ct);
        var away = owners.Values
            .Select(o => (Owner: o, State: Availabilities.Effective(o.Availability, o.AwayUntil, now)))
            .Where(o => o.State != Availability.Available)
            .ToDictionary(o => o.Owner.Id);
        if (away.Count == 0)
        {
            return;
        }

        // A substitute who is away too covers nobody: the team does.
        var substituteIds = away.Values.Select(o => o.Owner.SubstituteId).OfType<Guid>().Distinct().ToList();
        var availableSubstitutes = (await db.Users.AsNoTracking()
                .Where(u => substituteIds.Contains(u.Id) && u.IsActive)
                .Select(u => new { u.Id, u.Availability, u.AwayUntil })
                .ToListAsync(ct))
            .Where(u => Availabilities.Effective(u.Availability, u.AwayUntil, now) == Availability.Available)
            .Select(u => u.Id)
            .ToHashSet();
        foreach (var @case in needCover.Where(c => away.ContainsKey(c.OwnerId!.Value)))
        {
            var (owner, state) = away[@case.OwnerId!.Value];
            var substitute = owner.SubstituteId is { } s && availableSubstitutes.Contains(s) ? s : (Guid?)null;
            var lastMessage = await LastCustomerMessageAsync(db, @case, ct);
            @case.OfferCover(substitute, $"{Availabilities.Describe(owner.DisplayName, state, owner.AwayUntil)} The desk offers the case to cover for them; they stay the owner until someone accepts.", lastMessage, now);
        }
    }

    /// <summary>What should reach the owner at once: the customer wrote, or a deadline is close.</summary>
    private static bool AsksForTheOwner(CaseEvent e) => e is CustomerMessageReceived or SlaWarned or PromiseAtRisk;

    private static async Task<string?> LastCustomerMessageAsync(RecoveryDeskDbContext db, Case @case, CancellationToken ct) =>
        @case.Timeline.LastOrDefault(t => t.Kind == TimelineKind.CustomerMessage)?.Text
        ?? await db.Timeline.AsNoTracking()
            .Where(t => t.CaseId == @case.Id && t.Kind == TimelineKind.CustomerMessage)
            .OrderByDescending(t => t.CaseVersion)
            .Select(t => t.Text)
            .FirstOrDefaultAsync(ct);
}
