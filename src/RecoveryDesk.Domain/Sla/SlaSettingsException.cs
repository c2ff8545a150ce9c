namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// A business calendar or SLA policy breaks one of its own rules. It is a <see cref="CaseRuleException"/> so the
/// one exception handler already turns it into a readable problem; catch this type first to answer differently.
/// </summary>
public sealed class SlaSettingsException(string message) : CaseRuleException(message);
