using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Persistence;

/// <summary>
/// The one way a change leaves the application, in four steps that read in order:
/// <list type="number">
/// <item>add what the team settings and availability make of the change (<see cref="Assignment.Routing"/>):
/// a new case waits for an offer, an away owner's case is offered to their cover;</item>
/// <item>compose what the change must tell the world: the customer's mail (<see cref="CustomerMailComposer"/>),
/// the live messages for consoles and status pages (<see cref="OutboxComposer"/>), the timers its cases
/// need, whether it changes who a staff member is;</item>
/// <item>write the change, that mail and those messages in one transaction, in this process's turn to write;</item>
/// <item>after the commit, and only then: forget cached staff, arm the cases' timers, ask for an offer round, wake the dispatchers.</item>
/// </list>
/// A change that fails to commit does none of the last step. Inside <see cref="InTransactionAsync{T}"/>
/// several commits share one transaction and the last step waits for it to commit.
/// </summary>
public sealed class UnitOfWork(
    RecoveryDeskDbContext db,
    IWriteLock writes,
    DeadlineTimers timers,
    Assignment.OfferRounds offers,
    CustomerMailComposer mail,
    OutboxSignal outbox,
    MailSignal mailOut,
    StaffActorCache staffActors,
    TimeProvider clock,
    ILogger<UnitOfWork> logger)
{
    private IDbContextTransaction? _transaction;
    private Composed _awaitingCommit = Composed.Nothing;

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var composed = await ComposeAsync(cancellationToken);
        if (_transaction is not null)
        {
            // The transaction already holds the turn to write; what follows the commit waits for it.
            await db.SaveChangesAsync(cancellationToken);
            _awaitingCommit = _awaitingCommit.And(composed);
            return;
        }

        using (await writes.WaitTurnAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await AfterCommitAsync(composed);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction: its commits (<see cref="CommitAsync"/>, and those
    /// ASP.NET Core Identity makes through the desk's stores) stand or fall together.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A unit of work is already in a transaction.");
        }

        T result;
        Composed committed;
        using (await writes.WaitTurnAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            _transaction = transaction;
            try
            {
                result = await work();
                await transaction.CommitAsync(cancellationToken);
                committed = _awaitingCommit;
            }
            finally
            {
                _transaction = null;
                _awaitingCommit = Composed.Nothing;
            }
        }

        await AfterCommitAsync(committed);
        return result;
    }

    private async Task<Composed> ComposeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await Assignment.Routing.ApplyAsync(db, now, cancellationToken);
        // Mail first: it reads the cases' events, which the live messages then take.
        var mails = await mail.AddMailsAsync(db, now, cancellationToken);
        // Before the live messages take the cases' events.
        var sla = SlaOutcome.In(db.ChangeTracker.Entries<Case>().Select(e => e.Entity));
        var messages = OutboxComposer.AddMessages(db, now);
        var cases = db.ChangeTracker.Entries<Case>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => new CaseTimers(e.Entity.Id, e.Entity.Version, e.Entity.PendingDeadlines()))
            .ToList();
        var awaitingOffer = db.ChangeTracker.Entries<Case>().Any(e => e.Entity.AwaitsOffer);
        return new Composed(messages > 0, mails, cases, StaffActorCache.IsTouchedBy(db.ChangeTracker), awaitingOffer, sla);
    }

    private async Task AfterCommitAsync(Composed composed)
    {
        if (composed.StaffChanged)
        {
            staffActors.Clear();
        }

        foreach (var outcome in composed.Sla)
        {
            outcome.Count();
        }

        foreach (var @case in composed.Timers)
        {
            try
            {
                await timers.SyncAsync(@case.CaseId, @case.Version, @case.Deadlines);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The change is committed; the re-arm on start (and the case's next change) restore its timers.
                logger.LogError(error, "Could not arm the timers of case {CaseId}", @case.CaseId);
            }
        }

        if (composed.OfferRound)
        {
            try
            {
                await offers.RequestAsync();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The case is committed waiting for an offer; the round on start (or the next request) finds it.
                logger.LogError(error, "Could not ask for an offer round");
            }
        }

        if (composed.Messages)
        {
            outbox.Notify();
        }

        if (composed.Mail)
        {
            mailOut.Notify();
        }
    }

    private sealed record CaseTimers(Guid CaseId, int Version, IReadOnlyList<Deadline> Deadlines);

    /// <summary>What one or more commits must be followed by.</summary>
    private sealed record Composed(bool Messages, bool Mail, IReadOnlyList<CaseTimers> Timers, bool StaffChanged, bool OfferRound, IReadOnlyList<SlaOutcome> Sla)
    {
        public static readonly Composed Nothing = new(false, false, [], false, false, []);

        public Composed And(Composed next) =>
            new(Messages || next.Messages, Mail || next.Mail, [.. Timers, .. next.Timers], StaffChanged || next.StaffChanged, OfferRound || next.OfferRound, [.. Sla, .. next.Sla]);
    }
}
