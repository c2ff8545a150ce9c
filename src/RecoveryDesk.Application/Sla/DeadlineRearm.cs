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
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
            var batch = await db.Cases.AsNoTracking()
                .Where(c => c.Status != CaseStatus.Closed)
                .OrderBy(c => c.Id)
                .Skip(cases)
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
            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        logger.LogInformation("Re-armed {Timers} timers for {Cases} open cases in {Elapsed} ms.", armed, cases, started.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
