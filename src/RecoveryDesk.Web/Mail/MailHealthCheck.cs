using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryDesk.Application.Mail.Inbound;

namespace RecoveryDesk.Web.Mail;

/// <summary>
/// /health/ready says Degraded while a mailbox cannot be read or the outgoing mail server cannot be
/// reached: the desk still serves, and the mail waits (in the mailbox, or queued for a retry), but
/// someone should fix the sign-in or the network. It reports what this instance last saw and opens
/// no connection itself, so a load balancer's polling costs the mail servers nothing.
/// </summary>
internal sealed class MailHealthCheck(MailboxHealth mailboxes, OutgoingMailHealth outgoing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = mailboxes.States.Where(s => !s.Ok).Select(f => $"mailbox {f.Source} cannot be read since {f.FailingSince:u}: {f.Error}").ToList();
        if (outgoing.State is { Ok: false } down)
        {
            failing.Add($"{down.Source} cannot be reached since {down.FailingSince:u}: {down.Error}");
        }

        return Task.FromResult(failing.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join("; ", failing)));
    }
}
