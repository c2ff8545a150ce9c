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
}
