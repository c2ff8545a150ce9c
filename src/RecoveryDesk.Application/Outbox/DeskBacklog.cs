using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// What waits to go out: undelivered live messages (how many, how old the oldest) and queued customer
/// mail. Read for the metrics gauges, from the database at most once every few seconds however often
/// they are scraped.
/// </summary>
public sealed class DeskBacklog(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Snapshot? _last;
    private long _readAt;

    public Snapshot Read()
    {
        lock (_gate)
        {
            if (_last is null || clock.GetElapsedTime(_readAt) >= FreshFor)
            {
                _readAt = clock.GetTimestamp();
                try
                {
                    _last = Query();
                }
#pragma warning disable CA1031 // A scrape must not fail with the database (not migrated yet, or away): the last reading stands.
                catch (Exception)
#pragma warning restore CA1031
                {
                    _last ??= new Snapshot(0, 0, 0);
                }
            }

            return _last;
        }
    }

    private Snapshot Query()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var undelivered = db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null);
        var count = undelivered.Count();
        // The lowest id is the oldest: the order the dispatcher delivers in.
        var oldest = count == 0 ? (DateTimeOffset?)null : undelivered.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
        var mail = db.CustomerMails.AsNoTracking().Count(m => m.State == MailState.Queued);
        var age = oldest is { } at ? Math.Max(0, (clock.GetUtcNow() - at).TotalSeconds) : 0;
        return new Snapshot(count, age, mail);
    }

    /// <param name="OldestOutboxAge">Seconds since the oldest undelivered live message was written; 0 when none waits.</param>
    public sealed record Snapshot(int Outbox, double OldestOutboxAge, int QueuedMail);
}
