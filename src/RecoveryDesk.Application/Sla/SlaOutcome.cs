using System.Diagnostics.Metrics;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Sla;

/// <summary>A warning, breach or escalation a save is about to write; counted once the save has committed.</summary>
internal sealed record SlaOutcome(Counter<long> Counter, Guid TeamId, ClockKind Clock)
{
    public static List<SlaOutcome> In(IEnumerable<Case> cases)
    {
        List<SlaOutcome> outcomes = [];
        foreach (var @case in cases)
        {
            foreach (var @event in @case.Events)
            {
                var outcome = @event switch
                {
                    SlaWarned warned => new SlaOutcome(Telemetry.SlaWarnings, @case.TeamId, warned.Clock),
                    SlaBreached breached => new SlaOutcome(Telemetry.SlaBreaches, @case.TeamId, breached.Clock),
                    SlaEscalated escalated => new SlaOutcome(Telemetry.SlaEscalations, @case.TeamId, escalated.Clock),
                    _ => null,
                };
                if (outcome is not null)
                {
                    outcomes.Add(outcome);
                }
            }
        }

        return outcomes;
    }

    public void Count() => Counter.Add(1, new KeyValuePair<string, object?>("team", TeamId.ToString("D")), new KeyValuePair<string, object?>("clock", Clock.ToString()));
}
