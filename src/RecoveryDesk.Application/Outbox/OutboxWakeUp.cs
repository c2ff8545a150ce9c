using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// One DbContext's link to what must follow a commit: wakes the dispatcher once the messages a save
/// wrote are committed, and forgets cached staff once a change to them is — right after the save, or,
/// when the save ran inside an explicit transaction, when that transaction commits (and never if it
/// rolls back).
/// </summary>
internal sealed class OutboxWakeUp(OutboxSignal? signal, StaffActorCache? staffActors)
{
    private bool _awaitingCommit;
    private bool _staffAwaitingCommit;

    public void Saved(DatabaseFacade database, int messagesWritten, bool staffChanged)
    {
        if (staffChanged)
        {
            // Cleared now as well: a read between this save and the commit must not be kept.
            staffActors?.Clear();
            _staffAwaitingCommit |= database.CurrentTransaction is not null;
        }

        if (messagesWritten == 0 || signal is null)
        {
            return;
        }

        if (database.CurrentTransaction is null)
        {
            signal.Notify();
        }
        else
        {
            _awaitingCommit = true;
        }
    }

    public void Committed()
    {
        if (_staffAwaitingCommit)
        {
            _staffAwaitingCommit = false;
            staffActors?.Clear();
        }

        if (_awaitingCommit)
        {
            _awaitingCommit = false;
            signal?.Notify();
        }
    }

    public void RolledBack()
    {
        _awaitingCommit = false;
        _staffAwaitingCommit = false;
    }
}

/// <summary>Tells a context's <see cref="OutboxWakeUp"/> how its explicit transactions ended.</summary>
internal sealed class OutboxCommitInterceptor : DbTransactionInterceptor
{
    public static OutboxCommitInterceptor Instance { get; } = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as RecoveryDeskDbContext)?.OutboxWakeUp.Committed();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as RecoveryDeskDbContext)?.OutboxWakeUp.RolledBack();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
