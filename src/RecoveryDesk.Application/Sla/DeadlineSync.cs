using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// Moves the timers of every case a save touched, after the save committed (never before: a rolled-back
/// change must not arm or disarm anything).
/// </summary>
public sealed class DeadlineSync(DeadlineTimers timers, ILogger<DeadlineSync> logger) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(Guid CaseId, int Version, IReadOnlyList<Deadline> Deadlines)>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // The desk's own context runs this once its write lock is released, so other saves need not wait on Quartz.
        if (eventData.Context is RecoveryDeskDbContext desk)
        {
            desk.AfterSave(() => ApplyAsync(desk));
            return result;
        }

        await ApplyAsync(eventData.Context);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is RecoveryDeskDbContext desk)
        {
            desk.AfterSave(() => ApplyAsync(desk));
            return result;
        }

        ApplyAsync(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var touched = context.ChangeTracker.Entries<Case>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => (e.Entity.Id, e.Entity.Version, e.Entity.PendingDeadlines()))
            .ToList();
        _pending.AddOrUpdate(context, touched);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private async Task ApplyAsync(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var touched))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var (caseId, version, deadlines) in touched)
        {
            try
            {
                await timers.SyncAsync(caseId, version, deadlines);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The change is committed; the re-arm on start (and the next change) restore the timers.
                logger.LogError(error, "Could not arm the timers of case {CaseId}", caseId);
            }
        }
    }
}
