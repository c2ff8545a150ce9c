using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace RecoveryDesk.Application.Sla;

/// <summary>The one Quartz job: a case's deadline arrived, so let the case act on whatever is due.</summary>
public sealed class DeadlineJob(IServiceScopeFactory scopes) : IJob
{
    public const string CaseIdKey = "caseId";
    public static readonly JobKey Key = new("case-deadline", "recoverydesk");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(CaseIdKey), out var caseId))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ActOnDeadlinesCommand(caseId), cancellationToken);
    }
}
