using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>An offer of ownership from the owner to a named colleague or a team; ownership moves only on acceptance.</summary>
public sealed class Handoff
{
    private Handoff()
    {
        FromAgentName = string.Empty;
        Note = string.Empty;
    }

    internal Handoff(Guid caseId, Actor from, Guid? toAgentId, Guid? toTeamId, string note, DateTimeOffset offeredAt, DateTimeOffset expiresAt)
    {
        Id = Guid.CreateVersion7(offeredAt);
        CaseId = caseId;
        FromAgentId = from.Id!.Value;
        FromAgentName = from.Name;
        ToAgentId = toAgentId;
        ToTeamId = toTeamId;
        Note = note;
        OfferedAt = offeredAt;
        ExpiresAt = expiresAt;
        Status = HandoffStatus.Pending;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public Guid FromAgentId { get; private set; }

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
}
