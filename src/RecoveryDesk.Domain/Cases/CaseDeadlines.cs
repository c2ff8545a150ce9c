namespace RecoveryDesk.Domain.Cases;

/// <summary>What the deadline rules read of a running SLA clock.</summary>
public readonly record struct ClockTimes(
    ClockKind Kind,
    DateTimeOffset WarnAt,
    DateTimeOffset DueAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? BreachedAt,
    int EscalationLevel,
    DateTimeOffset? NextEscalationAt);

/// <summary>What the deadline rules read of an outstanding promise.</summary>
public readonly record struct PromiseTimes(Guid Id, DateTimeOffset RemindAt, DateTimeOffset? RemindedAt, DateTimeOffset DueAt);

/// <summary>What the deadline rules read of a pending hand-off.</summary>
public readonly record struct HandoffTimes(Guid Id, DateTimeOffset ExpiresAt);

/// <summary>
/// The one statement of when <see cref="Case.ActOnDeadlines"/> has something to do. The aggregate uses it
/// for itself; the re-arm on start feeds it the same times read straight from the tables, so it never
/// has to materialise whole cases.
/// </summary>
public static class CaseDeadlines
{
    public static IReadOnlyList<Deadline> Of(
        CaseStatus status,
        HandoffTimes? pendingHandoff,
        IEnumerable<PromiseTimes> outstandingPromises,
        IEnumerable<ClockTimes> runningClocks)
    {
        var deadlines = new List<Deadline>();
        if (pendingHandoff is { } pending)
        {
            deadlines.Add(new Deadline($"handoff-expiry:{pending.Id:N}", pending.ExpiresAt));
        }

        foreach (var promise in outstandingPromises)
        {
            if (promise.RemindedAt is null)
            {
                deadlines.Add(new Deadline($"promise-reminder:{promise.Id:N}", promise.RemindAt));
            }

            deadlines.Add(new Deadline($"promise-due:{promise.Id:N}", promise.DueAt));
        }

        if (status is CaseStatus.New or CaseStatus.Open)
        {
            foreach (var clock in runningClocks)
            {
                var name = clock.Kind.ToString().ToLowerInvariant();
                if (clock.WarnedAt is null && clock.BreachedAt is null && clock.WarnAt < clock.DueAt)
                {
                    deadlines.Add(new Deadline($"{name}-warning", clock.WarnAt));
                }

                if (clock.BreachedAt is null)
                {
                    deadlines.Add(new Deadline($"{name}-breach", clock.DueAt));
                }

                if (clock.NextEscalationAt is { } next)
                {
                    deadlines.Add(new Deadline($"{name}-escalation-{clock.EscalationLevel + 1}", next));
                }
            }
        }

        return deadlines;
    }

    /// <summary>The first moment the case needs looking at, or null when nothing is pending.</summary>
    public static DateTimeOffset? Earliest(IEnumerable<Deadline> deadlines)
    {
        DateTimeOffset? earliest = null;
        foreach (var deadline in deadlines)
        {
            if (earliest is null || deadline.At < earliest)
            {
                earliest = deadline.At;
            }
        }

        return earliest;
    }
}
