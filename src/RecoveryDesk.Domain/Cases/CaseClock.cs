using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Domain.Cases;

public enum ClockKind
{
    /// <summary>Opened until claimed.</summary>
    Own,

    /// <summary>Opened until the first public reply.</summary>
    FirstResponse,

    /// <summary>Opened (or reopened) until resolved.</summary>
    Resolution,
}

/// <summary>One SLA target of a case as stored: its due and warning instants, and what already happened to it.</summary>
public sealed class CaseClock
{
    private CaseClock()
    {
    }

    internal CaseClock(Guid caseId, ClockKind kind, DateTimeOffset startedAt)
    {
        Id = Guid.CreateVersion7(startedAt);
        CaseId = caseId;
        Kind = kind;
        StartedAt = startedAt;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public ClockKind Kind { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public TimeSpan Target { get; private set; }

    /// <summary>Working time spent waiting on the customer, added to the target.</summary>
    public TimeSpan PausedBusinessTime { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset WarnAt { get; private set; }

    public DateTimeOffset? MetAt { get; private set; }

    public DateTimeOffset? WarnedAt { get; private set; }

    public DateTimeOffset? BreachedAt { get; private set; }

    public int EscalationLevel { get; private set; }

    public DateTimeOffset? NextEscalationAt { get; private set; }

    public bool IsRunning => MetAt is null;

    public string Describe() => Kind switch
    {
        ClockKind.Own => "time to own",
        ClockKind.FirstResponse => "first response",
        _ => "resolution",
    };

    internal void Schedule(BusinessCalendar calendar, SlaTargets targets, DateTimeOffset now)
    {
        Target = Kind switch
        {
            ClockKind.Own => targets.TimeToOwn,
            ClockKind.FirstResponse => targets.FirstResponse,
            _ => targets.Resolution,
        };
        var clock = new SlaClock(calendar, StartedAt, Target, PausedBusinessTime);
        DueAt = clock.DueAt;
        WarnAt = clock.WarningAt(targets.WarningPercent);
        // A deadline moved into the future is no longer at risk or breached; history stays on the timeline.
        if (WarnAt > now)
        {
            WarnedAt = null;
        }

        if (DueAt > now)
        {
            BreachedAt = null;
            EscalationLevel = 0;
            NextEscalationAt = null;
        }
        else if (BreachedAt is not null)
        {
            NextEscalationAt = NextStep(clock, targets);
        }
    }

    internal void Restart(DateTimeOffset now)
    {
        StartedAt = now;
        PausedBusinessTime = TimeSpan.Zero;
        MetAt = null;
        WarnedAt = null;
        BreachedAt = null;
        EscalationLevel = 0;
        NextEscalationAt = null;
    }

    internal void AddPause(TimeSpan paused) => PausedBusinessTime += paused;

    internal void Meet(DateTimeOffset now)
    {
        MetAt ??= now;
        NextEscalationAt = null;
    }

    internal void MarkWarned(DateTimeOffset now) => WarnedAt = now;

    internal void MarkBreached(BusinessCalendar calendar, SlaTargets targets, DateTimeOffset now)
    {
        BreachedAt = now;
        WarnedAt ??= now;
        NextEscalationAt = NextStep(new SlaClock(calendar, StartedAt, Target, PausedBusinessTime), targets);
    }

    internal EscalationStep Escalate(BusinessCalendar calendar, SlaTargets targets)
    {
        var step = targets.Escalation[EscalationLevel];
        EscalationLevel++;
        NextEscalationAt = NextStep(new SlaClock(calendar, StartedAt, Target, PausedBusinessTime), targets);
        return step;
    }

    private DateTimeOffset? NextStep(SlaClock clock, SlaTargets targets) =>
        EscalationLevel < targets.Escalation.Count ? clock.EscalationAt(targets.Escalation[EscalationLevel]) : null;
}
