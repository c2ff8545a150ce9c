namespace RecoveryDesk.Domain.Cases;

/// <summary>The customer wrote from the status page; the owner (or, while New, the team) is told.</summary>
public sealed record CustomerMessageReceived(Guid CaseId, DateTimeOffset At, Guid? OwnerId) : CaseEvent(CaseId, At);

/// <summary>The customer confirmed the resolution worked.</summary>
public sealed record ResolutionConfirmed(Guid CaseId, DateTimeOffset At, Guid? OwnerId) : CaseEvent(CaseId, At);

/// <summary>The customer answered the loyalty questions for this resolution.</summary>
public sealed record FeedbackReceived(Guid CaseId, DateTimeOffset At, Guid? OwnerId, bool Detractor) : CaseEvent(CaseId, At);

/// <summary>A linked case was opened from this one (a detractor's answers, or a message long after closing); raised on the original, so its owner hears.</summary>
public sealed record FollowUpOpened(Guid CaseId, DateTimeOffset At, Guid FollowUpCaseId, string FollowUpReference, FollowUpKind Kind, Guid? OwnerId) : CaseEvent(CaseId, At);

/// <summary>Mail to the customer's address came back undeliverable.</summary>
public sealed record CustomerEmailBounced(Guid CaseId, DateTimeOffset At, Guid? OwnerId) : CaseEvent(CaseId, At);

/// <summary>The customer stopped (or resumed) update mail from their page.</summary>
public sealed record UpdateMailChanged(Guid CaseId, DateTimeOffset At, Guid? OwnerId, bool Wanted) : CaseEvent(CaseId, At);

/// <summary>The customer's personal data on the case was erased (on request, or by the retention setting).</summary>
public sealed record CustomerErased(Guid CaseId, DateTimeOffset At, Guid? OwnerId) : CaseEvent(CaseId, At);
