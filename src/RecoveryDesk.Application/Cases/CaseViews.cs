using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>
/// One case as a row: the rows of the list, the queue, "my cases" and the board, and the row every
/// live message carries, so a page draws them all the same way without reading the case.
/// </summary>
public sealed record CaseSummary(
    Guid Id,
    string Reference,
    string Subject,
    string CustomerName,
    CaseStatus Status,
    Priority Priority,
    Guid TeamId,
    string TeamName,
    Guid? OwnerId,
    string? OwnerName,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastActivityAt,
    bool HasPendingHandoff,
    SlaState SlaState,
    DateTimeOffset? NextDueAt,
    int Version);

/// <summary>Where a case stands against its SLA targets, for styling a row.</summary>
public enum SlaState
{
    OnTrack,
    AtRisk,
    Breached,
    Paused,
    Stopped,
}

/// <param name="MetLate">Met after its due time: a breach, however it ended.</param>
public sealed record ClockView(
    ClockKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset WarnAt,
    TimeSpan? Remaining,
    bool Paused,
    DateTimeOffset? MetAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? BreachedAt,
    int EscalationLevel,
    bool MetLate);

/// <param name="UpdateMail">Whether the customer wants update mail; replies and questions are mailed either way.</param>
public sealed record CustomerView(string Name, string? Email, string? Phone, string? PreferredAddress, bool UpdateMail);

/// <summary>A hand-off as the case detail and the live messages show it: who offered it to whom, the note, and its outcome.</summary>
/// <param name="Kind">Colleague (offered by the owner), Queue (offered by the desk from the queue: no sender) or Cover (offered by the desk for an away owner, who is the sender).</param>
public sealed record HandoffView(
    Guid Id,
    HandoffKind Kind,
    Guid? FromAgentId,
    string FromAgentName,
    Guid? ToAgentId,
    Guid? ToTeamId,
    string Note,
    DateTimeOffset OfferedAt,
    DateTimeOffset ExpiresAt,
    HandoffStatus Status,
    string? AnsweredByName,
    string? DeclineReason)
{
    public static HandoffView Of(Handoff h) =>
        new(h.Id, h.Kind, h.FromAgentId, h.FromAgentName, h.ToAgentId, h.ToTeamId, h.Note, h.OfferedAt, h.ExpiresAt, h.Status, h.AnsweredByName, h.DeclineReason);
}

public sealed record PromiseView(
    Guid Id,
    string Text,
    DateTimeOffset MadeAt,
    DateTimeOffset DueAt,
    DateTimeOffset OriginalDueAt,
    PromiseStatus Status,
    DateTimeOffset? SettledAt,
    DateTimeOffset RemindAt,
    IReadOnlyList<PromiseAction> AllowedActions);

/// <summary>One case in full, with what the caller may do with it now (decided by the aggregate).</summary>
/// <param name="TimeZone">The team calendar's zone ("UTC" or an IANA id): the pages write the case's times in it.</param>
public sealed record CaseDetail(
    Guid Id,
    string Reference,
    CustomerView Customer,
    string Subject,
    string Description,
    Channel Channel,
    string? Category,
    Priority Priority,
    CaseStatus Status,
    Guid TeamId,
    string TeamName,
    Guid? OwnerId,
    string? OwnerName,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    string? ResolutionSummary,
    int ReopenCount,
    HandoffView? PendingHandoff,
    IReadOnlyList<PromiseView> Promises,
    IReadOnlyList<ClockView> Clocks,
    int Version,
    IReadOnlyList<CaseAction> AllowedActions,
    string TimeZone);

/// <param name="TotalCapped">The list holds more than <paramref name="Total"/> cases: it was counted only that far.</param>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, bool TotalCapped = false);
