using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// Remembers the first answer to a request sent with an Idempotency-Key, so a client that retries
/// after a lost response gets the same answer and creates nothing new. The answer is encrypted at
/// rest (it holds the customer's access code) and forgotten after a day.
/// </summary>
public sealed class IdempotentReplies(RecoveryDeskDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private readonly IDataProtector _protector = protection.CreateProtector("RecoveryDesk.IdempotentReplies.v1");

    public static string Hash<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    public async Task<T?> FindAsync<T>(Guid actorId, string key, string requestHash, CancellationToken ct)
        where T : class
    {
        var since = clock.GetUtcNow() - Retention;
        var record = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ActorId == actorId && r.Key == key && r.CreatedAt >= since, ct);
        if (record is null)
        {
            return null;
        }

        if (record.RequestHash != requestHash)
        {
            throw new IdempotencyMismatchException("This Idempotency-Key was already used for a different request; use a new key.");
        }

        return JsonSerializer.Deserialize<T>(_protector.Unprotect(record.ResponseJson));
    }

    public async Task<T?> FindAfterRaceAsync<T>(Guid actorId, string key, string requestHash, CancellationToken ct)
        where T : class
    {
        db.ChangeTracker.Clear();
        return await FindAsync<T>(actorId, key, requestHash, ct);
    }

    /// <summary>Stages the record (replacing an expired one with the same key) to commit with the change it answers for.</summary>
    public async Task RememberAsync<T>(Guid actorId, string key, string requestHash, T response, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.IdempotencyRecords.RemoveRange(
            await db.IdempotencyRecords.Where(r => r.ActorId == actorId && r.Key == key && r.CreatedAt < now - Retention).ToListAsync(ct));
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            ActorId = actorId,
            Key = key,
            RequestHash = requestHash,
            StatusCode = 201,
            ResponseJson = _protector.Protect(JsonSerializer.Serialize(response)),
            CreatedAt = now,
        });
    }

    /// <summary>
    /// Stages the removal of every remembered answer that mentions one of <paramref name="mentions"/> (a
    /// case's id or reference): the answers are encrypted, so each is read back to tell. Returns how many.
    /// </summary>
    public async Task<int> ForgetMentioningAsync(IReadOnlyCollection<string> mentions, CancellationToken ct)
    {
        if (mentions.Count == 0)
        {
            return 0;
        }

        var forgotten = 0;
        foreach (var record in await db.IdempotencyRecords.ToListAsync(ct))
        {
            string answer;
            try
            {
                answer = _protector.Unprotect(record.ResponseJson);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                continue; // protected with a key that is gone: nobody can read it any more
            }

            if (mentions.Any(m => answer.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                db.IdempotencyRecords.Remove(record);
                forgotten++;
            }
        }

        return forgotten;
    }
}
