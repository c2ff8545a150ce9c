using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// Sent by a timer when one of a case's deadlines arrives: the case is re-read and acts on whatever is
/// due now (expiry, reminders, warnings, breaches, escalations). Firing twice records once.
/// </summary>
public sealed record ActOnDeadlinesCommand(Guid CaseId) : ICommand<bool>;

public sealed class ActOnDeadlinesHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<ActOnDeadlinesCommand, bool>
{
    public async ValueTask<bool> Handle(ActOnDeadlinesCommand command, CancellationToken cancellationToken) =>
        await db.TryTimerWriteAsync(command.CaseId, clock, (@case, now) => @case.ActOnDeadlines(now), cancellationToken);
}
