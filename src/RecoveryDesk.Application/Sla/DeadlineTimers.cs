using System.Collections.Concurrent;
using Quartz;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// Keeps one Quartz trigger per pending deadline of each case, in step with the case as committed:
/// added, moved and removed after every save. Triggers are grouped by case; a trigger whose time has
/// passed fires at once. The case row stays the truth: a trigger only says "look again now".
/// </summary>
public sealed class DeadlineTimers(ISchedulerFactory schedulers, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, int> _syncedVersions = new();
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Arms exactly the given deadlines for the case; an older version than one already armed is ignored.</summary>
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
            var group = caseId.ToString("N");
            var wanted = deadlines.GroupBy(d => d.Key).ToDictionary(g => new TriggerKey(g.Key, group), g => g.Min(d => d.At));
            foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group), ct))
            {
                if (wanted.TryGetValue(key, out var at) && (await scheduler.GetTrigger(key, ct))?.StartTimeUtc == at)
                {
                    wanted.Remove(key);
                    continue;
                }

                await scheduler.UnscheduleJob(key, ct);
            }

            foreach (var (key, at) in wanted)
            {
                await scheduler.ScheduleJob(Trigger(key, caseId, at), default, ct);
            }

            if (deadlines.Count == 0)
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

    private ITrigger Trigger(TriggerKey key, Guid caseId, DateTimeOffset at) =>
        TriggerBuilder.Create(clock)
            .WithIdentity(key)
            .ForJob(DeadlineJob.Key)
            .UsingJobData(DeadlineJob.CaseIdKey, caseId.ToString())
            .StartAt(at)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
}
