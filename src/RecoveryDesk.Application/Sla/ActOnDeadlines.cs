using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// One case acts on whatever is due now (expiry, reminders, warnings, breaches, escalations): how
/// <see cref="DeadlineBatches"/> retries a case on its own. Firing twice records once.
/// </summary>
public sealed record ActOnDeadlinesCommand(Guid CaseId) : ICommand<bool>;

public sealed class ActOnDeadlinesHandler(RecoveryDeskDbContext db, DeadlineTimers timers, TimeProvider clock) : ICommandHandler<ActOnDeadlinesCommand, bool>
{
    public async ValueTask<bool> Handle(ActOnDeadlinesCommand command, CancellationToken cancellationToken)
    {
        if (await db.TryTimerWriteAsync(command.CaseId, clock, (@case, now) => @case.ActOnDeadlines(now), cancellationToken))
        {
            return true; // the save armed the next deadline
        }

        if (await db.FindWithPartsAsync(command.CaseId, cancellationToken) is { } unchanged)
        {
            await timers.ArmAheadAsync(unchanged, clock.GetUtcNow(), cancellationToken);
        }

        return false;
    }
}
