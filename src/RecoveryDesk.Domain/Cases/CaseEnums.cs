namespace RecoveryDesk.Domain.Cases;

public enum CaseStatus
{
    New,
    Open,
    WaitingOnCustomer,
    Resolved,
    Closed,
}

public enum Priority
{
    P1,
    P2,
    P3,
    P4,
}

public enum Channel
{
    Phone,
    Email,
    Web,
    InPerson,
    Survey,
}

public enum HandoffStatus
{
    Pending,
    Accepted,
    Declined,
    Cancelled,
    Expired,
}

/// <summary>How a hand-off came about: an owner offering a colleague, the desk offering a case from the queue, or the desk finding cover for an away owner.</summary>
public enum HandoffKind
{
    Colleague,
    Queue,
    Cover,
}

public enum PromiseStatus
{
    Open,
    Kept,
    Broken,
    Renegotiated,
}

public enum TimelineKind
{
    Opened,
    Claimed,
    HandoffOffered,
    HandoffAccepted,
    HandoffDeclined,
    HandoffCancelled,
    HandoffExpired,
    Reassigned,
    Reply,
    Note,
    PromiseMade,
    PromiseKept,
    PromiseRenegotiated,
    PromiseBroken,
    WaitingOnCustomer,
    Resumed,
    Resolved,
    Reopened,
    Closed,
    PriorityChanged,
    SlaReevaluated,
    SlaWarning,
    SlaBreached,
    SlaEscalated,
    PromiseAtRisk,
    CustomerMessage,
    ResolutionConfirmed,
    FeedbackReceived,
    FollowUpOpened,
    MailPreference,
    MailBounced,
    AccessCodeReissued,
    LeftInQueue,
    CustomerErased,
}
