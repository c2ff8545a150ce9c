using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Sla;

/// <summary>Timers that fire together are acted on together, with the guarantees of one firing at a time.</summary>
public sealed class DeadlineBatchTests
{
    private static readonly TimeSpan PastP1TimeToOwn = TimeSpan.FromMinutes(16);

    private DeskHarness _desk = null!;
    private CommandAfterRead _interloper = null!;

    [SetUp]
    public async Task StartDeskAsync()
    {
        _interloper = new CommandAfterRead();
        _desk = await DeskHarness.StartAsync(services =>
            services.ConfigureDbContext<RecoveryDeskDbContext>((_, options) => options.AddInterceptors(_interloper), ServiceLifetime.Singleton));
    }

    [TearDown]
    public async Task StopDeskAsync() => await _desk.DisposeAsync();

    [Test]
    public async Task ManyCasesDueAtOnce_FiredTwice_EachBreachRecordedOnce()
    {
        var ids = await OpenUnclaimedAsync(40);
        _desk.Clock.Advance(PastP1TimeToOwn);

        var batches = _desk.Services.GetRequiredService<DeadlineBatches>();
        await batches.ActOnDueAsync(ids, CancellationToken.None);
        await batches.ActOnDueAsync([.. ids, .. ids], CancellationToken.None);

        foreach (var id in ids)
        {
            var timeline = await _desk.StoredTimelineAsync(id);
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.SlaBreached), Is.EqualTo(1), $"case {id}");
        }
    }

    [Test]
    public async Task CommandDuringBatch_NeitherTheNoteNorTheBreachIsLost()
    {
        var ids = await OpenUnclaimedAsync(10);
        _desk.Clock.Advance(PastP1TimeToOwn);
        var noted = ids[3];
        // Between the batch reading the cases and saving them, someone writes a note on one of them.
        _interloper.Once = () => _desk.SendAsync(new AddNoteCommand(_desk.Alice.Id, noted, "Customer rang again."));

        await _desk.Services.GetRequiredService<DeadlineBatches>().ActOnDueAsync(ids, CancellationToken.None);

        Assert.That(_interloper.Once, Is.Null, "the note was written during the batch");
        foreach (var id in ids)
        {
            var timeline = await _desk.StoredTimelineAsync(id);
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.SlaBreached), Is.EqualTo(1), $"case {id}");
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.Note), Is.EqualTo(id == noted ? 1 : 0), $"case {id}");
        }
    }

    [Test]
    public async Task OneTriggerPerCase_MovesToTheNextDeadlineAfterFiring()
    {
        var id = (await OpenUnclaimedAsync(1))[0];
        var stored = await _desk.WithDbAsync(db => db.CaseClocks.AsNoTracking().SingleAsync(c => c.CaseId == id && c.Kind == ClockKind.Own));
        var scheduler = await _desk.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.That((await scheduler.GetTrigger(DeadlineTimers.KeyFor(id)))?.StartTimeUtc, Is.EqualTo(stored.WarnAt), "armed at the warning");

        _desk.Clock.SetUtcNow(stored.WarnAt);
        await _desk.Services.GetRequiredService<DeadlineBatches>().ActOnDueAsync([id], CancellationToken.None);

        Assert.That((await scheduler.GetTrigger(DeadlineTimers.KeyFor(id)))?.StartTimeUtc, Is.EqualTo(stored.DueAt), "moved to the breach");
        Assert.That(await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(DeadlineTimers.Group)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StaleFiring_NothingDue_RecordsNothingAndKeepsTheNextDeadlineArmed()
    {
        var id = (await OpenUnclaimedAsync(1))[0];
        var before = await _desk.StoredCaseAsync(id);
        var scheduler = await _desk.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var armed = (await scheduler.GetTrigger(DeadlineTimers.KeyFor(id)))?.StartTimeUtc;

        await _desk.Services.GetRequiredService<DeadlineBatches>().ActOnDueAsync([id], CancellationToken.None);

        Assert.That((await _desk.StoredCaseAsync(id)).Version, Is.EqualTo(before.Version));
        Assert.That((await scheduler.GetTrigger(DeadlineTimers.KeyFor(id)))?.StartTimeUtc, Is.EqualTo(armed));
    }

    private async Task<List<Guid>> OpenUnclaimedAsync(int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await _desk.OpenCaseAsync(priority: Priority.P1)).Id);
        }

        return ids;
    }

    /// <summary>Runs a command of its own, once, right after the next read of cases (the batch's), before the batch commits.</summary>
    private sealed class CommandAfterRead : DbCommandInterceptor
    {
        public Func<Task>? Once { get; set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Once is { } write && command.CommandText.Contains("FROM \"Cases\"", StringComparison.Ordinal))
            {
                Once = null;
                await write();
            }

            return result;
        }
    }
}
