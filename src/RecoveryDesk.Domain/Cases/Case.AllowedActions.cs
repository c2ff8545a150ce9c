using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>What a person may do with a case now, so the pages draw their buttons from the server's rules.</summary>
public enum CaseAction
{
    Claim,
    Reply,
    Note,
    Promise,
    Offer,
    Accept,
    Decline,
    Cancel,
    WaitOnCustomer,
    Resume,
    Resolve,
    Reopen,
    Close,
    Reassign,
    ChangePriority,
    NewAccessCode,
}

/// <summary>What the owner may do with one promise now.</summary>
public enum PromiseAction
{
    Keep,
    Renegotiate,
}

/// <summary>
/// The rules of who may do what, and when, each stated once: the verbs refuse with these predicates,
/// and <see cref="AllowedActions"/> answers with the same ones. Targets the caller has not chosen yet
/// (whom to reassign to, which priority) are checked by the verb alone.
/// </summary>
public sealed partial class Case
{
    /// <summary>The actions <paramref name="actor"/> may take on this case at <paramref name="now"/>, in the order of <see cref="CaseAction"/>.</summary>
    public IReadOnlyList<CaseAction> AllowedActions(Actor actor, DateTimeOffset now)
    {
        if (!actor.IsStaff)
        {
            return [];
        }

        var owner = IsOwner(actor);
        var pending = PendingHandoff;
        var allowed = new List<CaseAction>();
        void Allow(CaseAction action, bool when)
        {
            if (when)
            {
                allowed.Add(action);
            }
        }

        Allow(CaseAction.Claim, MayClaim(actor) && IsInQueue);
        Allow(CaseAction.Reply, owner && TakesReplies);
        Allow(CaseAction.Note, MayWriteNotes(actor));
        Allow(CaseAction.Promise, owner && IsActive);
        Allow(CaseAction.Offer, owner && IsActive && pending is null);
        Allow(CaseAction.Accept, pending is not null && MayAnswer(pending, actor, now));
        Allow(CaseAction.Decline, pending is not null && MayAnswer(pending, actor, now));
        Allow(CaseAction.Cancel, pending is not null && IsSender(pending, actor));
        Allow(CaseAction.WaitOnCustomer, owner && IsWorkedOn);
        Allow(CaseAction.Resume, owner && IsWaiting);
        Allow(CaseAction.Resolve, owner && IsActive && pending is null);
        Allow(CaseAction.Reopen, MayReopen(actor) && IsSettled);
        Allow(CaseAction.Close, MayClose(actor) && IsResolved);
        Allow(CaseAction.Reassign, MayReassign(actor) && !IsClosed);
        Allow(CaseAction.ChangePriority, MayChangePriority(actor) && !IsClosed);
        Allow(CaseAction.NewAccessCode, MayIssueAccessCode(actor) && !IsClosed);
        return allowed;
    }

    /// <summary>What <paramref name="actor"/> may do with one of this case's promises now.</summary>
    public IReadOnlyList<PromiseAction> AllowedActions(Actor actor, Promise promise) =>
        IsOwner(actor) && promise.IsOutstanding ? [PromiseAction.Keep, PromiseAction.Renegotiate] : [];

    // Who.
    private bool IsOwner(Actor actor) => actor.Is(OwnerId);

    private bool MayClaim(Actor actor) => actor.IsMemberOf(TeamId);

    private static bool MayWriteNotes(Actor actor) => actor.Kind != ActorKind.Customer;

    private static bool MayReopen(Actor actor) => actor.Kind != ActorKind.System;

    private bool MayClose(Actor actor) => IsOwner(actor) || actor.IsSupervisor;

    private static bool MayReassign(Actor actor) => actor.IsSupervisor;

    // While a case is in the queue its team may set the priority before anyone owns it.
    private bool MayChangePriority(Actor actor) => IsOwner(actor) || actor.IsSupervisor || (IsInQueue && actor.IsMemberOf(TeamId));

    private static bool IsSender(Handoff handoff, Actor actor) => actor.Is(handoff.FromAgentId);

    // The sender may be a member of the team they offer to, but a handshake takes two people.
    private static bool MayAnswer(Handoff handoff, Actor actor, DateTimeOffset now) =>
        handoff.IsPending && handoff.IsAddressedTo(actor) && !HasLapsed(handoff, now) && !IsSender(handoff, actor);

    // An offer past its acknowledgement time is over, even before its timer has run.
    private static bool HasLapsed(Handoff handoff, DateTimeOffset now) => now >= handoff.ExpiresAt;

    // When.
    private bool IsInQueue => Status == CaseStatus.New;

    private bool IsWorkedOn => Status == CaseStatus.Open;

    private bool IsWaiting => Status == CaseStatus.WaitingOnCustomer;

    private bool IsResolved => Status == CaseStatus.Resolved;

    private bool IsClosed => Status == CaseStatus.Closed;

    private bool IsSettled => Status is CaseStatus.Resolved or CaseStatus.Closed;

    private bool TakesReplies => Status is not (CaseStatus.New or CaseStatus.Closed);

    private static void Require(bool holds, string rule)
    {
        if (!holds)
        {
            throw new CaseRuleException(rule);
        }
    }
}
