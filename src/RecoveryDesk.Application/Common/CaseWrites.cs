using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// The one way a command changes a case: load it, let the aggregate apply one verb, commit through the
/// unit of work with the version check. The verb's return value is what the command answers. When
/// another write got in first, the case is read again and the verb re-applied, so the aggregate decides
/// the loser's fate in words ("Ben claimed this a moment ago") and a harmless overlap (two notes) still
/// succeeds. With If-Match the caller asked not to be merged: 412.
/// </summary>
public sealed class CaseWrites(RecoveryDeskDbContext db, UnitOfWork work, StaffActors actors, TimeProvider clock)
{
    private const int Attempts = 5;

    /// <summary>A verb that answers nothing of its own: the command answers the case's new version.</summary>
    public Task<CaseWritten> WriteAsync(ICaseCommand command, Action<Case, Actor, DateTimeOffset> verb, CancellationToken ct) =>
        WriteAsync(command, (@case, actor, now) =>
        {
            verb(@case, actor, now);
            return new CaseWritten(@case.Id, @case.Version);
        }, ct);

    public Task<T> WriteAsync<T>(ICaseCommand command, Func<Case, Actor, DateTimeOffset, T> verb, CancellationToken ct) =>
        WriteAsync(command, (@case, actor, now) => Task.FromResult(verb(@case, actor, now)), ct);

    /// <summary>For a verb that needs a lookup decided by the case as loaded (e.g. the receiving team's SLA terms).</summary>
    public async Task<T> WriteAsync<T>(ICaseCommand command, Func<Case, Actor, DateTimeOffset, Task<T>> verb, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(command.ActorId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var @case = await db.Cases.WithParts().SingleOrDefaultAsync(c => c.Id == command.CaseId, ct)
                ?? throw new NotFoundException("There is no case with that id.");
            if (command.ExpectedVersion is { } expected && expected != @case.Version)
            {
                throw new PreconditionFailedException(
                    $"The case changed since you read it (you had version {expected}, it is now {@case.Version}); read it again.");
            }

            var answer = await verb(@case, actor, clock.GetUtcNow());
            try
            {
                await work.CommitAsync(ct);
                return answer;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                if (command.ExpectedVersion is not null)
                {
                    throw new PreconditionFailedException("The case changed while you were saving; read it again.");
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConcurrencyConflictException("The case is being changed by several people at once; try again.");
            }
        }
    }

    /// <summary>
    /// The customer's counterpart of <see cref="WriteAsync{T}(ICaseCommand, Func{Case, Actor, DateTimeOffset, Task{T}}, CancellationToken)"/>:
    /// load the case they may see (<see cref="PublicCaseAccess"/>), apply one verb, commit with the version
    /// check, and on a lost race read again and re-apply. A follow-up case the verb opened that drew a
    /// reference already taken is drawn again the same way.
    /// </summary>
    public async Task<T> WriteForCustomerAsync<T>(string? reference, string? accessCode, Func<Case, DateTimeOffset, Task<T>> verb, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var @case = await PublicCaseAccess.FindAsync(db.Cases.WithParts(), reference, accessCode, ct);
            var answer = await verb(@case, clock.GetUtcNow());
            var drawn = db.ChangeTracker.Entries<Case>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Reference).ToList();
            if (drawn.Count > 0 && await db.Cases.AnyAsync(c => drawn.Contains(c.Reference), ct) && attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            try
            {
                await work.CommitAsync(ct);
                return answer;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConcurrencyConflictException("Your case is being changed at this moment; try again.");
            }
        }
    }

    /// <summary>
    /// A write by the desk's own timers: the verb re-checks the case and returns false when its
    /// condition no longer holds, so a timer that fires twice records once. Answers the case as it
    /// stands when nothing was written (null if there is no such case), so its next deadline can be armed.
    /// </summary>
    public async Task<(bool Written, Case? Case)> TryTimerWriteAsync(Guid caseId, Func<Case, DateTimeOffset, bool> verb, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var @case = await db.Cases.WithParts().SingleOrDefaultAsync(c => c.Id == caseId, ct);
            if (@case is null || !verb(@case, clock.GetUtcNow()))
            {
                return (false, @case);
            }

            try
            {
                await work.CommitAsync(ct);
                return (true, @case);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

public static class CaseParts
{
    /// <summary>
    /// A case with everything its verbs (and the live message about it) need: hand-offs, promises, clocks.
    /// One statement: a case has three clocks and a handful of hand-offs and promises, so the joined rows
    /// stay few, and one round trip costs far less than four.
    /// </summary>
    public static IQueryable<Case> WithParts(this IQueryable<Case> cases) =>
        cases.Include(c => c.Handoffs).Include(c => c.Promises).Include(c => c.Clocks).AsSingleQuery();
}
