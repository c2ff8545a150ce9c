using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryDesk.Application.Mail.Inbound;

namespace RecoveryDesk.Web.Mail;

/// <summary>
/// /health/ready says Degraded while a mailbox cannot be read: the desk still serves, and the mail
/// waits in the mailbox, but someone should fix the sign-in or the network.
/// </summary>
internal sealed class MailboxHealthCheck(MailboxHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = health.States.Where(s => !s.Ok).ToList();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"{failing.Count} mailbox(es) cannot be read: {string.Join("; ", failing.Select(f => $"{f.Source} since {f.FailingSince:u}: {f.Error}"))}"));
    }
}
