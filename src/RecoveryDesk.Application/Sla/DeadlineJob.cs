using Quartz;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Sla;

/// <summary>
/// The one Quartz job: a case's deadline arrived. The case is handed to <see cref="DeadlineBatches"/>,
/// which acts on it together with whatever else is due; the job ends when that is committed, so a
/// persistent store only forgets a firing that was written.
/// </summary>
public sealed class DeadlineJob(DeadlineBatches batches, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("case-deadline", "recoverydesk");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.ScheduledFireTimeUtc is { } due)
        {
            Telemetry.TimerLag.Record(Math.Max(0, (clock.GetUtcNow() - due).TotalSeconds));
        }

        if (DeadlineTimers.CaseOf(context.Trigger.Key) is { } caseId)
        {
            await batches.ActOnAsync(caseId, cancellationToken);
        }
    }
}
