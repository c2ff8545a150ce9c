using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

internal static class UniqueReferences
{
    /// <summary>References are drawn at random from 729 million; a clash is rare but must not fail the complaint.</summary>
    public static async Task GiveUniqueReferenceAsync(this RecoveryDeskDbContext db, Case @case, CancellationToken ct)
    {
        while (await db.Cases.AnyAsync(c => c.Reference == @case.Reference, ct))
        {
            @case.DrawNewReference();
        }
    }
}
