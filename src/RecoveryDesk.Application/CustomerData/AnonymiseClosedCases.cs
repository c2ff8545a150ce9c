using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.CustomerData;

/// <summary>The "Retention" configuration section.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Closed cases are anonymised this many months after closing; 0 (the default) keeps them.</summary>
    public int AnonymiseClosedAfterMonths { get; set; }

    /// <summary>How often the desk looks for closed cases past the retention period.</summary>
    public TimeSpan RunEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Cases erased per transaction.</summary>
    public int BatchSize { get; set; } = 50;

    public bool Enabled => AnonymiseClosedAfterMonths > 0;

    public static RetentionOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<RetentionOptions>() ?? new RetentionOptions();
}

/// <summary>
/// One retention run: closed cases older than the retention period, not yet erased, are erased with the
/// same verb as a customer's request (<see cref="Case.Erase"/>), a batch per transaction, oldest first.
/// Running again finds only what is left. A run that anonymised anything is audited once, with the count.
/// </summary>
public sealed class AnonymiseClosedCases(RecoveryDeskDbContext db, UnitOfWork work, CustomerErasure erasure, RetentionOptions options, TimeProvider clock)
{
    /// <summary>Returns how many cases were anonymised.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!options.Enabled)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().AddMonths(-options.AnonymiseClosedAfterMonths);
        var total = 0;
        var batch = Math.Max(1, options.BatchSize);
        while (true)
        {
            db.ChangeTracker.Clear();
            var staged = await work.InTransactionAsync(async () =>
            {
                var cases = await db.Cases.WithParts()
                    .Where(c => c.Status == CaseStatus.Closed && c.ClosedAt < cutoff && c.ErasedAt == null)
                    .OrderBy(c => c.ClosedAt)
                    .Take(batch)
                    .ToListAsync(ct);
                var staged = await erasure.StageAsync(cases, Actor.System, fromAddress: null, clock.GetUtcNow(), ct);
                await work.CommitAsync(ct);
                return staged;
            }, ct);
            erasure.RemoveFiles(staged);
            total += staged.Counts.Cases;
            if (staged.References.Count < batch)
            {
                break;
            }
        }

        if (total > 0)
        {
            db.ChangeTracker.Clear();
            AuditTrail.Record(db, null, AuditChange.ClosedCasesAnonymised, null, null, new { Cases = total, ClosedBefore = cutoff, options.AnonymiseClosedAfterMonths }, clock.GetUtcNow());
            await work.CommitAsync(ct);
        }

        return total;
    }
}

/// <summary>Runs <see cref="AnonymiseClosedCases"/>; one at a time across every instance.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(IServiceScopeFactory scopes, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention", "recoverydesk");

    public static readonly TriggerKey TriggerKey = new("retention", "recoverydesk");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var anonymised = await scope.ServiceProvider.GetRequiredService<AnonymiseClosedCases>().RunAsync(cancellationToken);
        if (anonymised > 0)
        {
            logger.LogInformation("Retention anonymised {Count} closed cases.", anonymised);
        }
    }
}

/// <summary>On start, with retention on, arms the repeating retention trigger: first at once, then every <see cref="RetentionOptions.RunEvery"/>.</summary>
public sealed class RetentionSchedule(ISchedulerFactory schedulers, RetentionOptions options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!options.Enabled)
        {
            await scheduler.UnscheduleJob(RetentionJob.TriggerKey, cancellationToken);
            return;
        }

        // Missed runs (the service was down, the clock moved on) are one run now, not one per interval.
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(RetentionJob.TriggerKey)
            .ForJob(RetentionJob.Key)
            .StartAt(clock.GetUtcNow())
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(options.RunEvery > TimeSpan.Zero ? options.RunEvery : TimeSpan.FromHours(1))
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        if (await scheduler.GetTrigger(RetentionJob.TriggerKey, cancellationToken) is not null)
        {
            await scheduler.RescheduleJob(RetentionJob.TriggerKey, trigger, cancellationToken);
        }
        else
        {
            await scheduler.ScheduleJob(trigger, default, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
