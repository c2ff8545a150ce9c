using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>
/// An offer of ownership to a named colleague or a team; ownership moves only on acceptance. Made by the
/// owner, by the desk from the queue (offered assignment: no sender), or by the desk on behalf of an
/// away owner (cover: the owner is the sender and stays the owner until someone accepts).
/// </summary>
public sealed class Handoff
{
    private Handoff()
    {
        FromAgentName = string.Empty;
        Note = string.Empty;
    }

    internal Handoff(HandoffKind kind, Guid caseId, Guid? fromAgentId, string fromName, Guid? toAgentId, Guid? toTeamId, string note, DateTimeOffset offeredAt, DateTimeOffset expiresAt)
    {
        Id = Guid.CreateVersion7(offeredAt);
        Kind = kind;
        CaseId = caseId;
        FromAgentId = fromAgentId;
        FromAgentName = fromName;
        ToAgentId = toAgentId;
        ToTeamId = toTeamId;
        Note = note;
        OfferedAt = offeredAt;
        ExpiresAt = expiresAt;
        Status = HandoffStatus.Pending;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public HandoffKind Kind { get; private set; }

    /// <summary>The owner who offered it (for cover: the away owner); null for an offer from the queue.</summary>
    public Guid? FromAgentId { get; private set; }

    /// <summary>Who the offer is from, as a person reads it: the owner's name, or the queue's.</summary>
    public string FromAgentName { get; private set; }

    public Guid? ToAgentId { get; private set; }

    public Guid? ToTeamId { get; private set; }

    public string Note { get; private set; }

    public DateTimeOffset OfferedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public HandoffStatus Status { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public Guid? AnsweredById { get; private set; }

    public string? AnsweredByName { get; private set; }

    public string? DeclineReason { get; private set; }

    public bool IsPending => Status == HandoffStatus.Pending;

    /// <summary>The named agent, or any member of the named team, may answer the offer.</summary>
    public bool IsAddressedTo(Actor actor) =>
        actor.IsStaff && (ToAgentId is { } agent ? actor.Id == agent : actor.IsMemberOf(ToTeamId!.Value));

    internal void Answer(HandoffStatus outcome, Actor by, DateTimeOffset at, string? reason = null)
    {
        Status = outcome;
        AnsweredAt = at;
        AnsweredById = by.Id;
        AnsweredByName = by.Name;
        DeclineReason = reason;
    }

    internal void Erase(string marker)
    {
        Note = marker;
        DeclineReason = DeclineReason is null ? null : marker;
    }
}
