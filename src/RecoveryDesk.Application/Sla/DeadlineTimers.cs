using System.Collections.Concurrent;
using Quartz;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// Keeps one Quartz trigger per case, at its earliest pending deadline, in step with the case as
/// committed: moved or removed after every save. When it fires, the case acts on everything due and the
/// save arms the next deadline. A trigger whose time has passed fires at once. The case row stays the
/// truth: a trigger only says "look again now".
/// </summary>
public sealed class DeadlineTimers(ISchedulerFactory schedulers, TimeProvider clock)
{
    /// <summary>Every case's trigger is in this group, named by the case id, so a trigger carries no job data.</summary>
    public const string Group = "case-deadlines";

    private readonly ConcurrentDictionary<Guid, int> _syncedVersions = new();
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public static TriggerKey KeyFor(Guid caseId) => new(caseId.ToString("N"), Group);

    /// <summary>The case a trigger is for: its name, or, for a trigger armed per deadline by an earlier version (persistent store), its group.</summary>
    public static Guid? CaseOf(TriggerKey key) =>
        Guid.TryParseExact(key.Group == Group ? key.Name : key.Group, "N", out var caseId) ? caseId : null;

    /// <summary>Arms the case's earliest deadline (none: disarms it); an older version than one already armed is ignored.</summary>
    public async Task SyncAsync(Guid caseId, int version, IReadOnlyList<Deadline> deadlines, CancellationToken ct = default)
    {
        var gate = _locks[(caseId.GetHashCode() & int.MaxValue) % _locks.Length];
        await gate.WaitAsync(ct);
        try
        {
            // Two commands may finish in either order; the newer version's deadlines win.
            if (_syncedVersions.TryGetValue(caseId, out var synced) && synced > version)
            {
                return;
            }

            var scheduler = await schedulers.GetScheduler(ct);
            var key = KeyFor(caseId);
            var earliest = CaseDeadlines.Earliest(deadlines);
            var armed = await scheduler.GetTrigger(key, ct);
            // A trigger that has fired has no next fire time: it is spent even if its time is the one wanted.
            if (armed is null || armed.StartTimeUtc != earliest || armed.NextFireTimeUtc is null)
            {
                if (armed is not null)
                {
                    await scheduler.UnscheduleJob(key, ct);
                }

                if (earliest is { } at)
                {
                    await scheduler.ScheduleJob(Trigger(key, at), default, ct);
                }
            }

            if (earliest is null)
            {
                _syncedVersions.TryRemove(caseId, out _);
            }
            else
            {
                _syncedVersions[caseId] = version;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// For a case whose trigger fired with nothing due (stale, or early by a few milliseconds): that trigger
    /// is spent, so arm the next deadline still ahead. One that passed without effect is left out, or it
    /// would only fire again at once.
    /// </summary>
    public Task ArmAheadAsync(Case @case, DateTimeOffset now, CancellationToken ct = default) =>
        SyncAsync(@case.Id, @case.Version, [.. @case.PendingDeadlines().Where(d => d.At > now)], ct);

    private ITrigger Trigger(TriggerKey key, DateTimeOffset at) =>
        TriggerBuilder.Create(clock)
            .WithIdentity(key)
            .ForJob(DeadlineJob.Key)
            .StartAt(at)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
}
