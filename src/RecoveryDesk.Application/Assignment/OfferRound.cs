using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Assignment;

/// <summary>
/// Offered assignment's one decision: every case waiting for an offer goes to the available member of its
/// team with the lowest load that still has room for it (open cases and pending offers, weighted by
/// priority), never to someone who already passed on it; with nobody left it stays in the queue and the
/// supervisors are told. Rounds run one at a time across all instances (<see cref="OfferRoundJob"/>), so
/// two rounds never count the same free capacity twice; a case claimed by hand meanwhile makes the
/// round's save fail on its version, and the round starts again from the database.
/// </summary>
public sealed class OfferRound(RecoveryDeskDbContext db, UnitOfWork work, TimeProvider clock)
{
    private const int Batch = 200;
    private const int Attempts = 5;

    /// <summary>Offers what is waiting; answers how many cases were offered or left in the queue.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var decided = await DecideAsync(ct);
                total += decided;
                if (decided < Batch)
                {
                    return total;
                }

                attempt = 0;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<int> DecideAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var waiting = (await db.Cases.WithParts()
                .Where(c => c.OfferDueAt != null && c.Status == CaseStatus.New && c.OwnerId == null)
                .OrderBy(c => c.OfferDueAt)
                .Take(Batch)
                .ToListAsync(ct))
            .Where(c => c.AwaitsOffer)
            .OrderBy(c => c.Priority)
            .ThenBy(c => c.OpenedAt)
            .ToList();
        if (waiting.Count == 0)
        {
            return 0;
        }

        var teamIds = waiting.Select(c => c.TeamId).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var members = await AvailableAgentsAsync(teamIds, now, ct);
        var loads = await LoadsAsync([.. members.Select(m => m.Id).Distinct()], ct);
        foreach (var @case in waiting)
        {
            var team = teams[@case.TeamId];
            if (team.AssignmentMode != AssignmentMode.Offered)
            {
                @case.LeaveInQueue($"Offered assignment is off for {team.Name}; the case waits in the queue to be claimed.", now);
                continue;
            }

            var weight = Loads.WeightOf(@case.Priority);
            var passed = @case.PassedFromQueue;
            var inTeam = members.Where(m => m.TeamId == team.Id).ToList();
            var next = inTeam
                .Where(m => !passed.Contains(m.Id) && loads.GetValueOrDefault(m.Id) + weight <= team.OfferCapacity)
                .OrderBy(m => loads.GetValueOrDefault(m.Id))
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next is null)
            {
                @case.LeaveInQueue(passed.Count > 0 && inTeam.All(m => passed.Contains(m.Id))
                    ? $"Everyone available on {team.Name} passed on the case; it waits in the queue to be claimed."
                    : $"Nobody on {team.Name} is available with room for the case; it waits in the queue to be claimed.", now);
                continue;
            }

            @case.OfferFromQueue(next.Id, next.Name, team.Name, now);
            loads[next.Id] = loads.GetValueOrDefault(next.Id) + weight;
        }

        await work.CommitAsync(ct);
        return waiting.Count;
    }

    /// <summary>Active agents of these teams who are available now (an absence past its end counts as over).</summary>
    private async Task<List<Member>> AvailableAgentsAsync(List<Guid> teamIds, DateTimeOffset now, CancellationToken ct)
    {
        var agents = db.UserRoles.Join(db.Roles.Where(r => r.Name == StaffRoleNames.Agent), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        var rows = await db.TeamMemberships.AsNoTracking()
            .Where(m => teamIds.Contains(m.TeamId) && agents.Contains(m.StaffId))
            .Join(db.Users.Where(u => u.IsActive), m => m.StaffId, u => u.Id, (m, u) => new { m.TeamId, u.Id, u.DisplayName, u.Availability, u.AwayUntil })
            .ToListAsync(ct);
        return [.. rows
            .Where(r => Availabilities.Effective(r.Availability, r.AwayUntil, now) == Availability.Available)
            .Select(r => new Member(r.TeamId, r.Id, r.DisplayName))];
    }

    /// <summary>Each member's open cases and the offers from the queue waiting for their answer, weighted by priority.</summary>
    private async Task<Dictionary<Guid, int>> LoadsAsync(List<Guid> memberIds, CancellationToken ct)
    {
        var owned = await db.Cases.AsNoTracking()
            .Where(c => c.OwnerId != null && memberIds.Contains(c.OwnerId.Value) && (c.Status == CaseStatus.Open || c.Status == CaseStatus.WaitingOnCustomer))
            .Select(c => new { Agent = c.OwnerId!.Value, c.Priority })
            .ToListAsync(ct);
        var offered = await db.Handoffs.AsNoTracking()
            .Where(h => h.Status == HandoffStatus.Pending && h.Kind == HandoffKind.Queue && h.ToAgentId != null && memberIds.Contains(h.ToAgentId.Value))
            .Join(db.Cases, h => h.CaseId, c => c.Id, (h, c) => new { Agent = h.ToAgentId!.Value, c.Priority })
            .ToListAsync(ct);
        return owned.Concat(offered)
            .GroupBy(x => x.Agent)
            .ToDictionary(g => g.Key, g => g.Sum(x => Loads.WeightOf(x.Priority)));
    }

    private sealed record Member(Guid TeamId, Guid Id, string Name);
}

/// <summary>
/// Runs an <see cref="OfferRound"/>. One at a time, across every instance of the desk in the clustered
/// store: Quartz holds back a firing while another of this job runs.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OfferRoundJob(IServiceScopeFactory scopes, ILogger<OfferRoundJob> logger) : IJob
{
    public static readonly JobKey Key = new("offer-round", "recoverydesk");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var decided = await scope.ServiceProvider.GetRequiredService<OfferRound>().RunAsync(cancellationToken);
        if (decided > 0)
        {
            logger.LogInformation("Offered assignment decided {Count} cases.", decided);
        }
    }
}

/// <summary>Asks for an offer round now: after a commit that left a case waiting for an offer, and on start.</summary>
public sealed class OfferRounds(ISchedulerFactory schedulers, TimeProvider clock)
{
    public const string Group = "offer-rounds";

    public async Task RequestAsync(CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        // A trigger per request: one asked for while a round runs fires after it, so no commit waits unseen.
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(Guid.CreateVersion7().ToString("N"), Group)
            .ForJob(OfferRoundJob.Key)
            .StartAt(clock.GetUtcNow())
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, default, ct);
    }
}
