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

public sealed class ActOnDeadlinesHandler(CaseWrites cases, DeadlineTimers timers, TimeProvider clock) : ICommandHandler<ActOnDeadlinesCommand, bool>
{
    public async ValueTask<bool> Handle(ActOnDeadlinesCommand command, CancellationToken cancellationToken)
    {
        var (written, @case) = await cases.TryTimerWriteAsync(command.CaseId, (@case, now) => @case.ActOnDeadlines(now), cancellationToken);
        if (!written && @case is not null)
        {
            // The trigger that brought it here is spent; the commit of a write would have armed the next one.
            await timers.ArmAheadAsync(@case, clock.GetUtcNow(), cancellationToken);
        }

        return written;
    }
}
