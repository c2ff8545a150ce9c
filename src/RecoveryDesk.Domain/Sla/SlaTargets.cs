using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// The targets for one priority, as working time counted on the team's calendar: time to own (opened until
/// claimed), first response, resolution; the warning threshold as a percentage of each target; the hand-off
/// acknowledgement target; and the escalation steps after a breach.
/// </summary>
public sealed record SlaTargets
{
    /// <summary>Targets are at most a year: anything longer is not a promise to a customer.</summary>
    public static readonly TimeSpan MaxTarget = TimeSpan.FromDays(366);

    public SlaTargets(
        Priority priority,
        TimeSpan timeToOwn,
        TimeSpan firstResponse,
        TimeSpan resolution,
        int warningPercent,
        TimeSpan handoffAcknowledgement,
        IReadOnlyList<EscalationStep> escalation)
    {
        if (!Enum.IsDefined(priority))
        {
            throw new SlaSettingsException($"Priority number {(int)priority} is not one of P1 to P4.");
        }

        RequireTarget(priority, "time-to-own", timeToOwn);
        RequireTarget(priority, "first-response", firstResponse);
        RequireTarget(priority, "resolution", resolution);
        RequireTarget(priority, "hand-off acknowledgement", handoffAcknowledgement);
        if (warningPercent is < 1 or > 99)
        {
            throw new SlaSettingsException(
                $"The {priority} warning threshold must be between 1 % and 99 % of the target, not {warningPercent} %.");
        }

        Priority = priority;
        TimeToOwn = timeToOwn;
        FirstResponse = firstResponse;
        Resolution = resolution;
        WarningPercent = warningPercent;
        HandoffAcknowledgement = handoffAcknowledgement;
        Escalation = ValidateEscalation(priority, escalation);
    }

    public Priority Priority { get; }

    /// <summary>From opened until an agent claims the case.</summary>
    public TimeSpan TimeToOwn { get; }

    public TimeSpan FirstResponse { get; }

    public TimeSpan Resolution { get; }

    /// <summary>Warn when this percentage (1-99) of a target has elapsed.</summary>
    public int WarningPercent { get; }

    /// <summary>How long an offered hand-off may wait for an answer before it expires.</summary>
    public TimeSpan HandoffAcknowledgement { get; }

    /// <summary>In increasing order of time after the breach.</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; }

    /// <summary>The working time after which the warning for <paramref name="target"/> is due.</summary>
    public TimeSpan WarningAfter(TimeSpan target) => SlaClock.WarningOffset(target, WarningPercent);

    public bool Equals(SlaTargets? other) =>
        other is not null
        && Priority == other.Priority
        && TimeToOwn == other.TimeToOwn
        && FirstResponse == other.FirstResponse
        && Resolution == other.Resolution
        && WarningPercent == other.WarningPercent
        && HandoffAcknowledgement == other.HandoffAcknowledgement
        && Escalation.SequenceEqual(other.Escalation);

    public override int GetHashCode() =>
        HashCode.Combine(Priority, TimeToOwn, FirstResponse, Resolution, WarningPercent, HandoffAcknowledgement, Escalation.Count);

    private static void RequireTarget(Priority priority, string name, TimeSpan target)
    {
        if (target <= TimeSpan.Zero)
        {
            throw new SlaSettingsException($"The {priority} {name} target must be longer than zero, not {DurationText.Of(target)}.");
        }

        if (target > MaxTarget)
        {
            throw new SlaSettingsException($"The {priority} {name} target of {DurationText.Of(target)} is longer than a year.");
        }
    }

    private static EscalationStep[] ValidateEscalation(Priority priority, IReadOnlyList<EscalationStep>? escalation)
    {
        var steps = escalation?.ToArray() ?? [];
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i] ?? throw new SlaSettingsException($"A {priority} escalation step is missing its time and audience.");
            if (!Enum.IsDefined(step.Audience))
            {
                throw new SlaSettingsException($"A {priority} escalation step goes to audience number {(int)step.Audience}, which does not exist.");
            }

            if (step.AfterBreach < TimeSpan.Zero)
            {
                throw new SlaSettingsException(
                    $"A {priority} escalation step cannot come before the breach: {step.Audience} at {DurationText.Of(step.AfterBreach)}.");
            }

            if (step.AfterBreach > MaxTarget)
            {
                throw new SlaSettingsException(
                    $"A {priority} escalation step to {step.Audience} comes {DurationText.Of(step.AfterBreach)} after the breach, more than a year.");
            }

            if (i > 0 && step.AfterBreach <= steps[i - 1].AfterBreach)
            {
                throw new SlaSettingsException(
                    $"{priority} escalation steps must be in increasing order of time after the breach, but {step.Audience} at {DurationText.Of(step.AfterBreach)} follows {steps[i - 1].Audience} at {DurationText.Of(steps[i - 1].AfterBreach)}.");
            }
        }

        return steps;
    }
}
