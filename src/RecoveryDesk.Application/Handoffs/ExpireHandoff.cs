using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Handoffs;

/// <summary>Sent by the desk's timer when a hand-off's acknowledgement time runs out; acting twice records once.</summary>
public sealed record ExpireHandoffCommand(Guid CaseId, Guid HandoffId) : ICommand<bool>;

public sealed class ExpireHandoffHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ExpireHandoffCommand, bool>
{
    public async ValueTask<bool> Handle(ExpireHandoffCommand command, CancellationToken cancellationToken) =>
        await db.TryTimerWriteAsync(command.CaseId, clock, (@case, now) => @case.ExpireHandoff(command.HandoffId, now), cancellationToken);
}
