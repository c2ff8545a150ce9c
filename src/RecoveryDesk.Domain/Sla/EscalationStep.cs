namespace RecoveryDesk.Domain.Sla;

public enum EscalationAudience
{
    TeamSupervisors,
    Admins,
}

/// <summary>Who is told when a target has been breached for <paramref name="AfterBreach"/> of working time (zero: at the breach).</summary>
public sealed record EscalationStep(TimeSpan AfterBreach, EscalationAudience Audience);
