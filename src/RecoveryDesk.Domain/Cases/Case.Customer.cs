using RecoveryDesk.Domain.Loyalty;
using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>Why a case was opened as the follow-up of another.</summary>
public enum FollowUpKind
{
    /// <summary>The customer wrote on a case closed too long ago to reopen it.</summary>
    LateMessage,

    /// <summary>The customer's loyalty answers were a detractor's: a new complaint, acted on at once.</summary>
    Detractor,
}

/// <summary>What the customer's answers produced: the stored feedback, and the recovery case a detractor's answers opened.</summary>
public sealed record FeedbackReceipt(Feedback Feedback, Case? FollowUp);

/// <summary>
/// The customer's side of a case: what the status page may do with a reference and an access code —
/// write, confirm a resolution, answer the loyalty questions.
/// </summary>
public sealed partial class Case
{
    /// <summary>A closed case reopens when the customer writes within this time of closing; later, the message opens a new linked case.</summary>
    public static readonly TimeSpan ReopenWindowAfterClose = TimeSpan.FromDays(14);

    /// <summary>The case this one follows up on, if any.</summary>
    public Guid? LinkedCaseId { get; private set; }

    public FollowUpKind? FollowUp { get; private set; }

    /// <summary>When the customer confirmed the current resolution worked; cleared by a reopen.</summary>
    public DateTimeOffset? ResolutionConfirmedAt { get; private set; }

    /// <summary>When the customer answered the loyalty questions for the current resolution; cleared by a reopen.</summary>
    public DateTimeOffset? SurveyAnsweredAt { get; private set; }

    /// <summary>The loyalty questions are asked once per resolution.</summary>
    public bool IsSurveyOpen => Status is CaseStatus.Resolved or CaseStatus.Closed && SurveyAnsweredAt is null;

    public bool CanConfirmResolution => Status == CaseStatus.Resolved && ResolutionConfirmedAt is null;

    private Actor CustomerActor => Actor.Customer(Customer.Name);

    /// <summary>
    /// A message from the customer, kept exactly as written. It resumes a case waiting on them and
    /// reopens a resolved case, or a closed one within <see cref="ReopenWindowAfterClose"/>; after
    /// that it opens a new linked case in the same team (returned, for the caller to save), quoting it.
    /// </summary>
    public Case? ReceiveCustomerMessage(string text, DateTimeOffset now, SlaTerms followUpTerms)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (Status == CaseStatus.Closed && now - ClosedAt!.Value > ReopenWindowAfterClose)
        {
            var followUp = StartFollowUp(
                FollowUpKind.LateMessage,
                $"Follow-up: customer wrote again about {Reference}",
                $"The customer wrote on {Reference} (\"{Subject}\"), closed at {ClosedAt:u}, more than {ReopenWindowAfterClose.Days} days ago:\n\n{text}",
                Channel.Web,
                Priority,
                followUpTerms,
                now);
            followUp.AddCustomerMessage(text, now);
            AddCustomerMessage(text, now);
            Touch(now);
            Record(now, TimelineKind.FollowUpOpened, Actor.System, $"This case was closed more than {ReopenWindowAfterClose.Days} days ago, so we opened a new case for your message: {followUp.Reference}.", isPublic: true, followUp.Id);
            Raise(new FollowUpOpened(Id, now, followUp.Id, followUp.Reference, FollowUpKind.LateMessage, OwnerId));
            return followUp;
        }

        AddCustomerMessage(text, now);
        switch (Status)
        {
            case CaseStatus.WaitingOnCustomer:
                ContinueAfterWaiting(CustomerActor, now);
                break;
            case CaseStatus.Resolved or CaseStatus.Closed:
                Reopen(CustomerActor, "Your message reopened the case.", now);
                break;
        }

        return null;
    }

    /// <summary>
    /// The customer answers "is it resolved?": yes is recorded; no reopens the case (and counts as a
    /// reopen). Only while the case is resolved, once per resolution.
    /// </summary>
    public void ConfirmResolution(bool resolved, string? comment, DateTimeOffset now)
    {
        RequireStatus(CaseStatus.Resolved, Status == CaseStatus.Closed
            ? "This case is already closed; write to us if something is still wrong."
            : "Only a resolved case can be confirmed.");
        if (ResolutionConfirmedAt is not null)
        {
            throw new CaseRuleException("You already confirmed that this is resolved.");
        }

        if (!resolved)
        {
            if (!string.IsNullOrWhiteSpace(comment))
            {
                AddCustomerMessage(comment, now);
            }

            Reopen(CustomerActor, "You told us the problem is not solved, so we reopened your case.", now);
            return;
        }

        ResolutionConfirmedAt = now;
        Touch(now);
        Record(now, TimelineKind.ResolutionConfirmed, CustomerActor, "Yes, this is resolved.", isPublic: true);
        Raise(new ResolutionConfirmed(Id, now, OwnerId));
        if (!string.IsNullOrWhiteSpace(comment))
        {
            AddCustomerMessage(comment, now);
        }
    }

    /// <summary>
    /// The three loyalty answers, once per resolution, only once the case is resolved or closed. A
    /// detractor's answers open a linked follow-up case at P2 in this case's team (returned in the
    /// receipt, for the caller to save) and tell this case's owner.
    /// </summary>
    public FeedbackReceipt ReceiveFeedback(LoyaltyAnswers answers, string? comment, DateTimeOffset now, SlaTerms followUpTerms)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (Status is not (CaseStatus.Resolved or CaseStatus.Closed))
        {
            throw new CaseRuleException("We ask how we did once your case is resolved.");
        }

        if (SurveyAnsweredAt is not null)
        {
            throw new CaseRuleException("You have already told us how we did; thank you.");
        }

        SurveyAnsweredAt = now;
        var feedback = new Feedback(Id, ReopenCount, TeamId, OwnerId, answers, comment, now);
        Touch(now);
        Record(now, TimelineKind.FeedbackReceived, CustomerActor, $"{answers.Describe()}{(feedback.Comment is null ? string.Empty : $"\nComment: {feedback.Comment}")}", isPublic: false, feedback.Id);
        Raise(new FeedbackReceived(Id, now, OwnerId, answers.IsDetractor));
        if (!answers.IsDetractor)
        {
            return new FeedbackReceipt(feedback, null);
        }

        var followUp = StartFollowUp(
            FollowUpKind.Detractor,
            $"Follow-up: unhappy feedback on {Reference}",
            $"The customer's answers on {Reference} (\"{Subject}\") make them a detractor.\n{answers.Describe()}\nComment: {feedback.Comment ?? "(none)"}",
            Channel.Survey,
            Priority.P2,
            followUpTerms,
            now);
        feedback.FollowedUpBy(followUp.Id);
        Touch(now);
        Record(now, TimelineKind.FollowUpOpened, Actor.System, $"Detractor answers: follow-up case {followUp.Reference} opened at P2.", isPublic: false, followUp.Id);
        Raise(new FollowUpOpened(Id, now, followUp.Id, followUp.Reference, FollowUpKind.Detractor, OwnerId));
        return new FeedbackReceipt(feedback, followUp);
    }

    private void AddCustomerMessage(string text, DateTimeOffset now)
    {
        Touch(now);
        Record(now, TimelineKind.CustomerMessage, CustomerActor, text, isPublic: true);
        Raise(new CustomerMessageReceived(Id, now, OwnerId));
    }

    /// <summary>A new case in this case's team, for the same customer, linked back to this one.</summary>
    private Case StartFollowUp(FollowUpKind kind, string subject, string description, Channel channel, Priority priority, SlaTerms terms, DateTimeOffset now)
    {
        var followUp = Open(Actor.System, Customer, subject, description, channel, Category, priority, TeamId, now, out _, terms);
        followUp.LinkedCaseId = Id;
        followUp.FollowUp = kind;
        // The customer's link opens the follow-up too: they were never given a second code.
        followUp.AccessCodeHash = AccessCodeHash;
        return followUp;
    }
}
