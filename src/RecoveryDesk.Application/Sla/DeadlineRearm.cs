using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// On start, arms a timer for every pending deadline in the database; deadlines that passed while the
/// service was down fire at once. The in-memory timer store is thereby rebuilt from the truth.
/// </summary>
public sealed class DeadlineRearm(IServiceScopeFactory scopes, DeadlineTimers timers, ILogger<DeadlineRearm> logger) : IHostedService
{
    private const int BatchSize = 1000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var armed = 0;
        var cases = 0;
        Guid? after = null;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
            // Keyset paging: each batch starts after the last id of the one before, so a batch costs the
            // same however far in it is (OFFSET would re-read every earlier row, for each included table too).
            var open = db.Cases.AsNoTracking().Where(c => c.Status != CaseStatus.Closed);
            if (after is { } last)
            {
                open = open.Where(c => c.Id > last);
            }

            var batch = await open
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .Include(c => c.Clocks)
                .Include(c => c.Handoffs.Where(h => h.Status == HandoffStatus.Pending))
                .Include(c => c.Promises.Where(p => p.Status == PromiseStatus.Open || p.Status == PromiseStatus.Renegotiated))
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            foreach (var @case in batch)
            {
                var deadlines = @case.PendingDeadlines();
                armed += deadlines.Count;
                await timers.SyncAsync(@case.Id, @case.Version, deadlines, cancellationToken);
            }

            cases += batch.Count;
            if (batch.Count > 0)
            {
                after = batch[^1].Id;
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        logger.LogInformation("Re-armed {Timers} timers for {Cases} open cases in {Elapsed} ms.", armed, cases, started.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
