namespace RecoveryDesk.Domain;

/// <summary>A rule of the desk forbids this action in the case's current state (HTTP 409).</summary>
public class CaseRuleException(string message) : Exception(message);

/// <summary>The actor is not the person the rule allows to take this action (HTTP 403).</summary>
public class NotAllowedException(string message) : Exception(message);

/// <summary>The hand-off or promise named does not belong to this case (HTTP 404).</summary>
public sealed class NoSuchPartException(string message) : CaseRuleException(message);
