namespace RecoveryDesk.Application.Common;

/// <summary>The "Desk" configuration section.</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    /// <summary>How long a hand-off waits for an answer before it expires, unless the team's SLA policy says otherwise.</summary>
    public TimeSpan HandoffAcknowledgementTarget { get; set; } = TimeSpan.FromMinutes(30);
}
