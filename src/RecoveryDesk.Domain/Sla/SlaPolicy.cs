using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Domain.Sla;

/// <summary>A team's SLA targets: one <see cref="SlaTargets"/> for each priority P1 to P4, counted on the team's calendar.</summary>
public sealed record SlaPolicy
{
    public SlaPolicy(IReadOnlyList<SlaTargets> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Any(t => t is null))
        {
            throw new SlaSettingsException("An SLA policy has an empty entry where a priority's targets should be.");
        }

        foreach (var priority in Enum.GetValues<Priority>())
        {
            var count = targets.Count(t => t.Priority == priority);
            if (count == 0)
            {
                throw new SlaSettingsException($"The SLA policy has no targets for {priority}.");
            }

            if (count > 1)
            {
                throw new SlaSettingsException($"The SLA policy gives targets for {priority} {count} times; give them once.");
            }
        }

        Targets = [.. targets.OrderBy(t => t.Priority)];
    }

    /// <summary>In priority order, P1 first.</summary>
    public IReadOnlyList<SlaTargets> Targets { get; }

    public SlaTargets For(Priority priority) =>
        Targets.FirstOrDefault(t => t.Priority == priority)
        ?? throw new ArgumentOutOfRangeException(nameof(priority), priority, "There is no such priority.");

    /// <summary>
    /// Sensible starting targets. A "business day" here is 8 hours of working time, i.e. one 09:00-17:00 day;
    /// every target is counted on the team's calendar, so on a 24x7 calendar it is 8 real hours.
    /// </summary>
    public static SlaPolicy Defaults()
    {
        var businessDay = TimeSpan.FromHours(8);
        var warningPercent = 75;
        var handoffAcknowledgement = TimeSpan.FromMinutes(30);
        EscalationStep[] escalation =
        [
            new(TimeSpan.Zero, EscalationAudience.TeamSupervisors),
            new(TimeSpan.FromMinutes(60), EscalationAudience.Admins),
        ];

        SlaTargets Targets(Priority priority, TimeSpan own, TimeSpan respond, TimeSpan resolve) =>
            new(priority, own, respond, resolve, warningPercent, handoffAcknowledgement, escalation);

        return new SlaPolicy(
        [
            Targets(Priority.P1, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
            Targets(Priority.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(4), 2 * businessDay),
            Targets(Priority.P3, TimeSpan.FromHours(4), businessDay, 5 * businessDay),
            Targets(Priority.P4, businessDay, 2 * businessDay, 10 * businessDay),
        ]);
    }

    public bool Equals(SlaPolicy? other) => other is not null && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var targets in Targets)
        {
            hash.Add(targets);
        }

        return hash.ToHashCode();
    }
}
