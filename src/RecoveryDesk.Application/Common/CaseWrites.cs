using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// The one way a command changes a case: load it, let the aggregate apply one verb, save with the
/// version check. When another write got in first, the case is read again and the verb re-applied,
/// so the aggregate decides the loser's fate in words ("Ben claimed this a moment ago") and a
/// harmless overlap (two notes) still succeeds. With If-Match the caller asked not to be merged: 412.
/// </summary>
public static class CaseWrites
{
    private const int Attempts = 5;

    public static async Task<CaseWritten> WriteCaseAsync(
        this RecoveryDeskDbContext db,
        Guid actorId,
        Guid caseId,
        int? expectedVersion,
        TimeProvider clock,
        Action<Case, Actor, DateTimeOffset> verb,
        CancellationToken ct)
    {
        var actor = await db.LoadActorAsync(actorId, ct);
        return await db.WriteCaseAsync(actor, caseId, expectedVersion, clock, verb, ct);
    }

    public static async Task<CaseWritten> WriteCaseAsync(
        this RecoveryDeskDbContext db,
        Actor actor,
        Guid caseId,
        int? expectedVersion,
        TimeProvider clock,
        Action<Case, Actor, DateTimeOffset> verb,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var @case = await db.LoadCaseForWriteAsync(caseId, ct);
            if (expectedVersion is { } expected && expected != @case.Version)
            {
                throw new PreconditionFailedException(
                    $"The case changed since you read it (you had version {expected}, it is now {@case.Version}); read it again.");
            }

            verb(@case, actor, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                return new CaseWritten(@case.Id, @case.Version);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                if (expectedVersion is not null)
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
    /// A write by the desk's own timers: the verb re-checks the case and returns false when its
    /// condition no longer holds, so a timer that fires twice records once.
    /// </summary>
    public static async Task<bool> TryTimerWriteAsync(
        this RecoveryDeskDbContext db,
        Guid caseId,
        TimeProvider clock,
        Func<Case, DateTimeOffset, bool> verb,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var @case = await db.FindWithPartsAsync(caseId, ct);
            if (@case is null || !verb(@case, clock.GetUtcNow()))
            {
                return false;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public static async Task<Case> LoadCaseForWriteAsync(this RecoveryDeskDbContext db, Guid caseId, CancellationToken ct) =>
        await FindWithPartsAsync(db, caseId, ct)
        ?? throw new NotFoundException("There is no case with that id.");

    /// <summary>The case with its parts, or null.</summary>
    public static Task<Case?> FindWithPartsAsync(this RecoveryDeskDbContext db, Guid caseId, CancellationToken ct) =>
        db.Cases.WithParts().SingleOrDefaultAsync(c => c.Id == caseId, ct);

    /// <summary>
    /// A case with everything its verbs (and the live message about it) need: hand-offs, promises, clocks.
    /// One statement: a case has three clocks and a handful of hand-offs and promises, so the joined rows
    /// stay few, and one round trip costs far less than four.
    /// </summary>
    public static IQueryable<Case> WithParts(this IQueryable<Case> cases) =>
        cases.Include(c => c.Handoffs).Include(c => c.Promises).Include(c => c.Clocks).AsSingleQuery();
}
