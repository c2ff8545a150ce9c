using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Promises;

/// <summary>Sent by the desk's timer at a promise's due time; a promise kept or moved meanwhile is left alone.</summary>
public sealed record BreakPromiseCommand(Guid CaseId, Guid PromiseId) : ICommand<bool>;

public sealed class BreakPromiseHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<BreakPromiseCommand, bool>
{
    public async ValueTask<bool> Handle(BreakPromiseCommand command, CancellationToken cancellationToken) =>
        await db.TryTimerWriteAsync(command.CaseId, clock, (@case, now) => @case.BreakPromise(command.PromiseId, now), cancellationToken);
}
