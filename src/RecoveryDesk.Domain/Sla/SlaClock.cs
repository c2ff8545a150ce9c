namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// One SLA clock of a case: started at an instant, with a target of working time, pushed back by the working time
/// it spent paused (waiting on the customer). Pure arithmetic on the calendar; instants come out in UTC.
/// </summary>
public sealed class SlaClock
{
    public SlaClock(BusinessCalendar calendar, DateTimeOffset startedAt, TimeSpan target, TimeSpan pausedBusinessTime = default)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(pausedBusinessTime, TimeSpan.Zero);
        Calendar = calendar;
        StartedAt = startedAt.ToUniversalTime();
        Target = target;
        PausedBusinessTime = pausedBusinessTime;
        DueAt = calendar.AddBusinessTime(StartedAt, target + pausedBusinessTime);
    }

    public BusinessCalendar Calendar { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Target { get; }

    public TimeSpan PausedBusinessTime { get; }

    /// <summary>The breach instant: the target plus the paused time, counted in working time from the start.</summary>
    public DateTimeOffset DueAt { get; }

    /// <summary>When <paramref name="warningPercent"/> % (1-99) of the target has elapsed, paused time not counted.</summary>
    public DateTimeOffset WarningAt(int warningPercent) =>
        Calendar.AddBusinessTime(StartedAt, WarningOffset(Target, warningPercent) + PausedBusinessTime);

    /// <summary>
    /// When an escalation step is due: at the breach itself for a zero step (even when the breach falls at closing
    /// time), otherwise after that much more working time.
    /// </summary>
    public DateTimeOffset EscalationAt(EscalationStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(step.AfterBreach, TimeSpan.Zero);
        return step.AfterBreach == TimeSpan.Zero ? DueAt : Calendar.AddBusinessTime(DueAt, step.AfterBreach);
    }

    /// <summary>Breached from the due instant on.</summary>
    public bool IsBreachedAt(DateTimeOffset now) => now >= DueAt;

    /// <summary>Working time still left before the breach at <paramref name="now"/>; zero once breached.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now) => Calendar.BusinessTimeBetween(now, DueAt);

    internal static TimeSpan WarningOffset(TimeSpan target, int warningPercent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warningPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warningPercent, 99);
        return TimeSpan.FromTicks(target.Ticks / 100 * warningPercent + (target.Ticks % 100 * warningPercent / 100));
    }
}
