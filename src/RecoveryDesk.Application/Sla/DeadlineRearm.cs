using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// On start, arms every case's earliest pending deadline from the database; deadlines that passed while
/// the service was down fire at once. The in-memory timer store is thereby rebuilt from the truth.
/// Only the times the deadline rules read are loaded (running clocks, pending hand-offs, outstanding
/// promises), never whole cases, and a case with none of them is never read at all.
/// </summary>
public sealed class DeadlineRearm(IServiceScopeFactory scopes, DeadlineTimers timers, Assignment.OfferRounds offers, ISchedulerFactory schedulers, ILogger<DeadlineRearm> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await RemoveTriggersPerDeadlineAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var (armed, cases) = await ArmAllAsync(db, cancellationToken);
        logger.LogInformation("Re-armed {Timers} timers for {Cases} open cases in {Elapsed} ms.", armed, cases, started.ElapsedMilliseconds);
        // Cases committed waiting for an offer while the service was down (or its request was lost) are offered now.
        if (await db.Cases.AnyAsync(c => c.OfferDueAt != null, cancellationToken))
        {
            await offers.RequestAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every non-closed case with something pending, with what the deadline rules need, as stored.</summary>
    public static async IAsyncEnumerable<(Guid CaseId, int Version, IReadOnlyList<Deadline> Deadlines)> ReadPendingAsync(
        RecoveryDeskDbContext db,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var open = db.Cases.Where(c => c.Status != CaseStatus.Closed);
        // Hand-offs and promises pending are few; clocks running are one to three per open case, so they stream.
        var handoffs = await db.Handoffs.AsNoTracking()
            .Where(h => h.Status == HandoffStatus.Pending)
            .Join(open, h => h.CaseId, c => c.Id, (h, c) => new { h.CaseId, c.Status, c.Version, Times = new HandoffTimes(h.Id, h.ExpiresAt) })
            .ToListAsync(ct);
        var promises = await db.Promises.AsNoTracking()
            .Where(p => p.Status == PromiseStatus.Open || p.Status == PromiseStatus.Renegotiated)
            .Join(open, p => p.CaseId, c => c.Id, (p, c) => new { p.CaseId, c.Status, c.Version, Times = new PromiseTimes(p.Id, p.RemindAt, p.RemindedAt, p.DueAt) })
            .ToListAsync(ct);
        var others = handoffs.Select(h => (h.CaseId, h.Status, h.Version)).Concat(promises.Select(p => (p.CaseId, p.Status, p.Version)))
            .DistinctBy(c => c.CaseId)
            .ToDictionary(c => c.CaseId);
        var handoffOf = handoffs.ToDictionary(h => h.CaseId, h => h.Times);
        var promisesOf = promises.ToLookup(p => p.CaseId, p => p.Times);

        var clocks = db.CaseClocks.AsNoTracking()
            .Where(k => k.MetAt == null)
            .Join(open, k => k.CaseId, c => c.Id, (k, c) => new
            {
                k.CaseId,
                c.Status,
                c.Version,
                Times = new ClockTimes(k.Kind, k.WarnAt, k.DueAt, k.WarnedAt, k.BreachedAt, k.EscalationLevel, k.NextEscalationAt),
            })
            .OrderBy(k => k.CaseId)
            .AsAsyncEnumerable();
        List<ClockTimes> running = [];
        (Guid CaseId, CaseStatus Status, int Version)? current = null;
        await foreach (var clock in clocks.WithCancellation(ct))
        {
            if (current is { } previous && previous.CaseId != clock.CaseId)
            {
                yield return Pending(previous);
                running.Clear();
            }

            current = (clock.CaseId, clock.Status, clock.Version);
            running.Add(clock.Times);
        }

        if (current is { } last)
        {
            yield return Pending(last);
        }

        foreach (var (caseId, status, version) in others.Values)
        {
            yield return (caseId, version, CaseDeadlines.Of(status, handoffOf.TryGetValue(caseId, out var h) ? h : null, promisesOf[caseId], []));
        }

        (Guid, int, IReadOnlyList<Deadline>) Pending((Guid CaseId, CaseStatus Status, int Version) of)
        {
            others.Remove(of.CaseId);
            return (of.CaseId, of.Version, CaseDeadlines.Of(of.Status, handoffOf.TryGetValue(of.CaseId, out var h) ? h : null, promisesOf[of.CaseId], running));
        }
    }

    private async Task<(int Armed, int Cases)> ArmAllAsync(RecoveryDeskDbContext db, CancellationToken ct)
    {
        var armed = 0;
        var cases = 0;
        await foreach (var (caseId, version, deadlines) in ReadPendingAsync(db, ct))
        {
            cases++;
            if (deadlines.Count > 0)
            {
                armed++;
                await timers.SyncAsync(caseId, version, deadlines, ct);
            }
        }

        return (armed, cases);
    }

    /// <summary>
    /// A persistent store may still hold triggers from before one trigger per case: one per deadline, in a
    /// group named by the case id. Those are dropped here (the cases are armed afresh right after).
    /// </summary>
    private async Task RemoveTriggersPerDeadlineAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var group in await scheduler.GetTriggerGroupNames(ct))
        {
            if (group != DeadlineTimers.Group && Guid.TryParseExact(group, "N", out _))
            {
                await scheduler.UnscheduleJobs([.. await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group), ct)], ct);
            }
        }
    }
}
