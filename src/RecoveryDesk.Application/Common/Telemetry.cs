using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// The desk's own spans and measurements, under one name ("RecoveryDesk") that the host subscribes to.
/// Without a subscriber a span is never created and a measurement costs a check.
/// </summary>
public static class Telemetry
{
    public const string Name = "RecoveryDesk";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Tags: <c>kind</c> (the command, e.g. AcceptHandoff) and <c>result</c> (ok, rejected, conflict, error).</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("recoverydesk.commands", "{command}", "Commands handled, by kind and result");

    /// <summary>Tags: <c>team</c> (the team's id) and <c>clock</c> (FirstResponse, NextResponse, Resolution).</summary>
    public static readonly Counter<long> SlaWarnings = Meter.CreateCounter<long>("recoverydesk.sla.warnings", "{warning}", "SLA warnings raised, by team");

    public static readonly Counter<long> SlaBreaches = Meter.CreateCounter<long>("recoverydesk.sla.breaches", "{breach}", "SLA breaches, by team");

    public static readonly Counter<long> SlaEscalations = Meter.CreateCounter<long>("recoverydesk.sla.escalations", "{escalation}", "SLA escalations, by team");

    /// <summary>How late a case's deadline timer fired: the clock when the job ran minus the time it was due.</summary>
    public static readonly Histogram<double> TimerLag = Meter.CreateHistogram<double>(
        "recoverydesk.timer.lag",
        "s",
        "How late deadline timers fire",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });

    /// <summary>Tags: <c>mailbox</c> (folder, or team:{id}) and <c>result</c> (ok, failed).</summary>
    public static readonly Counter<long> MailboxPolls = Meter.CreateCounter<long>("recoverydesk.mailbox.polls", "{poll}", "Reads of the inbound mailboxes, by mailbox and result");

    /// <summary>Tags: <c>result</c> (sent, retry, failed).</summary>
    public static readonly Counter<long> MailsSent = Meter.CreateCounter<long>("recoverydesk.mail.sends", "{mail}", "Attempts to send customer mail, by result");

    /// <summary>The W3C traceparent of the span now running, to store beside work done later (an outbox row); null without one.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>
    /// Starts a span for work that a stored row asked for (<paramref name="traceParent"/>, from
    /// <see cref="CurrentTraceParent"/>), linked to the span that wrote the row rather than a child of it:
    /// the work happens later, often on another instance.
    /// </summary>
    public static Activity? StartLinked(string name, ActivityKind kind, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var origin)
            ? [new ActivityLink(origin)]
            : null;
        return Source.StartActivity(name, kind, parentContext: default, links: links);
    }
}
