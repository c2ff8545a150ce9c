using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Public;

/// <summary>
/// How a customer reaches a case: its reference and its access code, nothing else. An unknown
/// reference, a malformed one, a missing code and a wrong code all get the same answer, after the
/// same constant-time comparison, so the answer says nothing about which references exist.
/// </summary>
public static class PublicCaseAccess
{
    public const string Refusal = "No case matches that reference and access code.";
    public const int MaxAccessCodeLength = 100;
    private const int Attempts = 5;

    // Compared against when there is no such case, so that costs the same work as a wrong code.
    private static readonly string NoSuchCaseHash = AccessCode.Hash(AccessCode.New());

    public static async Task<Case> FindAsync(IQueryable<Case> cases, string? reference, string? accessCode, CancellationToken ct)
    {
        Case? found = null;
        if (CaseReference.TryNormalize(reference, out var canonical) && accessCode is { Length: > 0 and <= MaxAccessCodeLength })
        {
            found = await cases.SingleOrDefaultAsync(c => c.Reference == canonical, ct);
        }

        var matches = AccessCode.Matches(accessCode, found?.AccessCodeHash ?? NoSuchCaseHash);
        return found is not null && matches ? found : throw new NotFoundException(Refusal);
    }

    /// <summary>
    /// The customer's counterpart of <see cref="CaseWrites"/>: load the case they may see, apply one
    /// verb, save with the version check, and on a lost race read again and re-apply. A follow-up case
    /// the verb opened that drew a reference already taken is drawn again the same way.
    /// </summary>
    public static async Task<T> WritePublicCaseAsync<T>(
        this RecoveryDeskDbContext db,
        string? reference,
        string? accessCode,
        TimeProvider clock,
        Func<Case, DateTimeOffset, Task<T>> verb,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cases = db.Cases.WithParts();
            var @case = await FindAsync(cases, reference, accessCode, ct);
            var result = await verb(@case, clock.GetUtcNow());
            var drawn = db.ChangeTracker.Entries<Case>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Reference).ToList();
            if (drawn.Count > 0 && await db.Cases.AnyAsync(c => drawn.Contains(c.Reference), ct) && attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return result;
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
}
