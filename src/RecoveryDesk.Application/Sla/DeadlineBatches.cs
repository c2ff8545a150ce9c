using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// Acts on the cases whose timers fired, many at a time: one reader takes every firing waiting (up to
/// <see cref="MaxBatch"/>), and the cases act on their deadlines in one DbContext and one save, i.e. one
/// transaction and one fsync instead of one each. The semantics are those of a single firing: each case
/// re-checks what is due, so firing twice records once; a case another write got to first is retried on
/// its own, re-read, so neither write is lost; a case that fails is retried on its own, so it holds up
/// nobody else. A firing queued here when the process stops is found again by the re-arm on start.
/// </summary>
public sealed class DeadlineBatches(
    IServiceScopeFactory scopes,
    DeadlineTimers timers,
    TimeProvider clock,
    ILogger<DeadlineBatches> logger) : BackgroundService
{
    /// <summary>Cases acted on in one save at most; Quartz runs twice as many jobs, so the next batch gathers while one commits.</summary>
    public const int MaxBatch = 200;

    private const int TogetherAttempts = 3;

    private readonly System.Threading.Channels.Channel<Firing> _firings = System.Threading.Channels.Channel.CreateUnbounded<Firing>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the case and completes once what was due on it is committed (or found already done).</summary>
    public Task ActOnAsync(Guid caseId, CancellationToken ct)
    {
        var firing = new Firing(caseId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_firings.Writer.TryWrite(firing))
        {
            throw new InvalidOperationException("The deadline timers have stopped.");
        }

        return firing.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Lets the given cases act on whatever is due now, together where possible. Cases where nothing was
    /// due (a stale or early trigger) have their next deadline armed again, since the trigger that brought
    /// them here is spent.
    /// </summary>
    public async Task ActOnDueAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        List<Guid> together = [.. caseIds.Distinct()];
        List<Guid> alone = [];
        for (var attempt = 1; together.Count > 0; attempt++)
        {
            if (attempt > TogetherAttempts)
            {
                alone.AddRange(together);
                break;
            }

            try
            {
                await ActTogetherAsync(together, ct);
                together = [];
            }
            catch (DbUpdateConcurrencyException conflict)
            {
                // A command wrote one of these cases since they were read: the transaction rolled back as a
                // whole. Those cases go alone (re-read, retried); the others go together again.
                var conflicting = conflict.Entries.Select(CaseIdOf).OfType<Guid>().ToHashSet();
                if (conflicting.Count == 0)
                {
                    alone.AddRange(together);
                    together = [];
                }
                else
                {
                    alone.AddRange(together.Where(conflicting.Contains));
                    together = [.. together.Where(id => !conflicting.Contains(id))];
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Acting on {Count} cases' deadlines together failed; acting on each alone.", together.Count);
                alone.AddRange(together);
                together = [];
            }
        }

        foreach (var caseId in alone)
        {
            await ActAloneAsync(caseId, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Firing>(MaxBatch);
        try
        {
            while (await _firings.Reader.WaitToReadAsync(stoppingToken))
            {
                // No waiting for more to arrive: whatever queued while the last batch committed is the next batch.
                while (batch.Count < MaxBatch && _firings.Reader.TryRead(out var firing))
                {
                    batch.Add(firing);
                }

                // One span for the batch: the warnings and breaches it writes link back to it from their delivery.
                using var activity = Telemetry.Source.StartActivity("deadlines act");
                activity?.SetTag("recoverydesk.deadlines.cases", batch.Count);
                try
                {
                    await ActOnDueAsync([.. batch.Select(f => f.CaseId)], stoppingToken);
                    batch.ForEach(f => f.Done.TrySetResult());
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception error)
                {
                    logger.LogError(error, "Could not act on the deadlines of {Count} cases.", batch.Count);
                    batch.ForEach(f => f.Done.TrySetException(error));
                }

                batch.Clear();
            }
        }
        finally
        {
            _firings.Writer.TryComplete();
            batch.ForEach(f => f.Done.TrySetCanceled(stoppingToken));
            while (_firings.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task ActTogetherAsync(IReadOnlyList<Guid> caseIds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var now = clock.GetUtcNow();
        var cases = await db.Cases.WithParts().Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        var unchanged = cases.Where(c => !c.ActOnDeadlines(now)).ToList();
        if (unchanged.Count < cases.Count)
        {
            // One commit for all: the unit of work writes each changed case's messages and arms its next deadline.
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().CommitAsync(ct);
        }

        foreach (var @case in unchanged)
        {
            await timers.ArmAheadAsync(@case, now, ct);
        }
    }

    private async Task ActAloneAsync(Guid caseId, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ActOnDeadlinesCommand(caseId), ct);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Nothing was written for this case; its trigger is spent, so the re-arm on start (or its next change) brings it back.
            logger.LogError(error, "Could not act on the deadlines of case {CaseId}.", caseId);
        }
    }

    private static Guid? CaseIdOf(EntityEntry entry) => entry.Entity is Case @case
        ? @case.Id
        : entry.Metadata.FindProperty(nameof(CaseClock.CaseId)) is { } property ? entry.Property(property.Name).CurrentValue as Guid? : null;

    private sealed record Firing(Guid CaseId, TaskCompletionSource Done);
}
