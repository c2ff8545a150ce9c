using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Domain.Cases;

/// <summary>Something that happened to a case, raised by the aggregate only when its state really changed.</summary>
public abstract record CaseEvent(Guid CaseId, DateTimeOffset At)
{
    /// <summary>The event's name on the wire and in logs, e.g. "HandoffAccepted".</summary>
    public string Name => GetType().Name;
}

public sealed record CaseOpened(Guid CaseId, DateTimeOffset At, Guid TeamId, Priority Priority) : CaseEvent(CaseId, At);

public sealed record CaseClaimed(Guid CaseId, DateTimeOffset At, Guid OwnerId, Guid TeamId) : CaseEvent(CaseId, At);

public sealed record HandoffOffered(Guid CaseId, DateTimeOffset At, Guid HandoffId, Guid? FromAgentId, Guid? ToAgentId, Guid? ToTeamId, DateTimeOffset ExpiresAt) : CaseEvent(CaseId, At);

public sealed record HandoffAccepted(Guid CaseId, DateTimeOffset At, Guid HandoffId, Guid? FromAgentId, Guid NewOwnerId, Guid TeamId, TimeSpan TimeToAccept) : CaseEvent(CaseId, At);

public sealed record HandoffDeclined(Guid CaseId, DateTimeOffset At, Guid HandoffId, Guid? FromAgentId, Guid DeclinedById, string Reason) : CaseEvent(CaseId, At);

public sealed record HandoffCancelled(Guid CaseId, DateTimeOffset At, Guid HandoffId, Guid? ToAgentId, Guid? ToTeamId) : CaseEvent(CaseId, At);

public sealed record HandoffExpired(Guid CaseId, DateTimeOffset At, Guid HandoffId, Guid? FromAgentId, Guid? ToAgentId, Guid? ToTeamId) : CaseEvent(CaseId, At);

/// <summary>Offered assignment found nobody (left) to offer the case to: it waits in the queue, and the supervisors are told.</summary>
public sealed record OffersExhausted(Guid CaseId, DateTimeOffset At, Guid TeamId, string Reason) : CaseEvent(CaseId, At);

public sealed record CaseReassigned(Guid CaseId, DateTimeOffset At, Guid? FromOwnerId, Guid ToOwnerId, Guid BySupervisorId) : CaseEvent(CaseId, At);

public sealed record ReplySent(Guid CaseId, DateTimeOffset At, Guid ById, bool FirstResponse) : CaseEvent(CaseId, At);

public sealed record NoteAdded(Guid CaseId, DateTimeOffset At, Guid? ById) : CaseEvent(CaseId, At);

public sealed record PromiseMade(Guid CaseId, DateTimeOffset At, Guid PromiseId, DateTimeOffset DueAt) : CaseEvent(CaseId, At);

public sealed record PromiseKept(Guid CaseId, DateTimeOffset At, Guid PromiseId) : CaseEvent(CaseId, At);

public sealed record PromiseRenegotiated(Guid CaseId, DateTimeOffset At, Guid PromiseId, DateTimeOffset PreviousDueAt, DateTimeOffset NewDueAt, string Note) : CaseEvent(CaseId, At);

public sealed record PromiseBroken(Guid CaseId, DateTimeOffset At, Guid PromiseId) : CaseEvent(CaseId, At);

public sealed record CaseWaitingOnCustomer(Guid CaseId, DateTimeOffset At) : CaseEvent(CaseId, At);

public sealed record CaseResumed(Guid CaseId, DateTimeOffset At) : CaseEvent(CaseId, At);

public sealed record CaseResolved(Guid CaseId, DateTimeOffset At, Guid OwnerId) : CaseEvent(CaseId, At);

public sealed record CaseReopened(Guid CaseId, DateTimeOffset At, Guid? OwnerId) : CaseEvent(CaseId, At);

public sealed record CaseClosed(Guid CaseId, DateTimeOffset At) : CaseEvent(CaseId, At);

public sealed record PriorityChanged(Guid CaseId, DateTimeOffset At, Priority Priority) : CaseEvent(CaseId, At);

/// <summary>The old access code stopped working; the new one leaves only in the answer and the customer's mail.</summary>
public sealed record AccessCodeReissued(Guid CaseId, DateTimeOffset At) : CaseEvent(CaseId, At);

public sealed record SlaReevaluated(Guid CaseId, DateTimeOffset At, Guid TeamId, Priority Priority) : CaseEvent(CaseId, At);

public sealed record SlaWarned(Guid CaseId, DateTimeOffset At, ClockKind Clock, DateTimeOffset DueAt) : CaseEvent(CaseId, At);

public sealed record SlaBreached(Guid CaseId, DateTimeOffset At, ClockKind Clock, DateTimeOffset DueAt) : CaseEvent(CaseId, At);

public sealed record SlaEscalated(Guid CaseId, DateTimeOffset At, ClockKind Clock, int Level, EscalationAudience Audience) : CaseEvent(CaseId, At);

public sealed record PromiseAtRisk(Guid CaseId, DateTimeOffset At, Guid PromiseId, DateTimeOffset DueAt) : CaseEvent(CaseId, At);
