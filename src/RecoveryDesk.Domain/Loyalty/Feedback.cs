namespace RecoveryDesk.Domain.Loyalty;

/// <summary>
/// A customer's answers to the loyalty questions for one resolution of a case (at most one per
/// resolution), with a snapshot of who resolved it and in which team.
/// </summary>
public sealed class Feedback
{
    private Feedback()
    {
        Answers = null!;
    }

    internal Feedback(Guid caseId, int resolution, Guid teamId, Guid? ownerId, LoyaltyAnswers answers, string? comment, DateTimeOffset answeredAt)
    {
        Id = Guid.CreateVersion7(answeredAt);
        CaseId = caseId;
        Resolution = resolution;
        TeamId = teamId;
        OwnerId = ownerId;
        Answers = answers;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment;
        AnsweredAt = answeredAt;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>Which resolution of the case this answers: 0 for the first, one more after each reopen.</summary>
    public int Resolution { get; private set; }

    public Guid TeamId { get; private set; }

    public Guid? OwnerId { get; private set; }

    public LoyaltyAnswers Answers { get; private set; }

    /// <summary>The customer's own words, stored as they wrote them (text, never markup).</summary>
    public string? Comment { get; private set; }

    public DateTimeOffset AnsweredAt { get; private set; }

    /// <summary>The recovery case the answers opened, when they were a detractor's.</summary>
    public Guid? FollowUpCaseId { get; private set; }

    internal void FollowedUpBy(Guid caseId) => FollowUpCaseId = caseId;

    /// <summary>Erasure: the scores stay for the figures, the customer's words go.</summary>
    internal void EraseComment() => Comment = null;
}
