namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// When SLA clocks run: round the clock (24x7), or working hours per weekday in one time zone, minus whole-day
/// holidays. All instants going in may carry any offset; all instants coming out are UTC.
/// </summary>
/// <remarks>
/// Working intervals are measured in real elapsed time: a local time skipped when clocks spring forward means the
/// moment they jump, and a local time that occurs twice when they fall back means its first occurrence, so a
/// 09:00-17:00 day is 8 hours unless the switch falls inside it (then 7 or 9).
/// </remarks>
public sealed class BusinessCalendar
{
    /// <summary>
    /// The longest duration the clock arithmetic accepts: ten years of working time, far beyond any target plus its
    /// pauses. It keeps the day-by-day walk bounded.
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3653);

    // A whole year without one working moment can only be a holiday list gone wrong; stop walking rather than loop.
    private const int MaxDaysWithoutWork = 366;

    private readonly TimeZoneInfo? _zone;
    private readonly WeeklyHours[][] _hoursByDay;
    private readonly HashSet<DateOnly> _holidays;

    private BusinessCalendar(string? timeZoneId, TimeZoneInfo? zone, WeeklyHours[][] hoursByDay, DateOnly[] holidays)
    {
        TimeZoneId = timeZoneId;
        _zone = zone;
        _hoursByDay = hoursByDay;
        _holidays = [.. holidays];
        Holidays = holidays;
        WorkingHours = [.. hoursByDay.SelectMany(day => day).OrderBy(hours => MondayFirst(hours.Day)).ThenBy(hours => hours.Start)];
    }

    /// <summary>Round the clock: every moment counts, no time zone, no holidays.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(null, null, [[], [], [], [], [], [], []], []);

    /// <summary>The IANA time zone id the working hours and holidays are read in; null for 24x7.</summary>
    public string? TimeZoneId { get; }

    public bool IsAlwaysOpen => _zone is null;

    /// <summary>Working intervals, Monday first, each day in order of start.</summary>
    public IReadOnlyList<WeeklyHours> WorkingHours { get; }

    /// <summary>Whole local days off, in date order.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>A calendar of working hours in a time zone; throws <see cref="SlaSettingsException"/> when it breaks a rule.</summary>
    public static BusinessCalendar Create(string timeZoneId, IEnumerable<WeeklyHours> workingHours, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(workingHours);
        var zone = FindZone(timeZoneId);
        var hoursByDay = ValidateHours(workingHours);
        return new BusinessCalendar(timeZoneId.Trim(), zone, hoursByDay, [.. (holidays ?? []).Distinct().Order()]);
    }

    /// <summary>Rebuilds (and re-validates) a stored calendar.</summary>
    public static BusinessCalendar FromDefinition(BusinessCalendarDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var workingHours = definition.WorkingHours ?? [];
        var holidays = definition.Holidays ?? [];
        if (definition.TimeZoneId is not null)
        {
            return Create(definition.TimeZoneId, workingHours, holidays);
        }

        if (workingHours.Count > 0 || holidays.Count > 0)
        {
            throw new SlaSettingsException(
                "Working hours and holidays need a time zone: give an IANA time zone id such as Europe/London, or leave both out for a 24x7 calendar.");
        }

        return AlwaysOpen;
    }

    public BusinessCalendarDefinition ToDefinition() => new(TimeZoneId, [.. WorkingHours], [.. Holidays]);

    /// <summary>Whether the instant falls inside working time (an interval's start counts, its end does not).</summary>
    public bool IsWorkingAt(DateTimeOffset instant)
    {
        if (_zone is null)
        {
            return true;
        }

        var date = LocalDate(instant);
        for (var day = date.AddDays(-1); day <= date.AddDays(1); day = day.AddDays(1))
        {
            foreach (var (start, end) in WorkingPeriodsOn(day))
            {
                if (start <= instant && instant < end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The instant itself if it is working time, otherwise the next moment working time starts.</summary>
    public DateTimeOffset NextWorkingMoment(DateTimeOffset instant) => AddBusinessTime(instant, TimeSpan.Zero);

    /// <summary>
    /// The instant at which <paramref name="businessDuration"/> of working time has elapsed after
    /// <paramref name="start"/>. Counting begins at the next working moment; a duration that uses up an interval
    /// exactly ends at its closing time, not at the next opening.
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan businessDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(businessDuration, MaxDuration);
        var cursor = start.ToUniversalTime();
        if (_zone is null)
        {
            return cursor + businessDuration;
        }

        var remaining = businessDuration;
        var daysWithoutWork = 0;
        for (var date = LocalDate(cursor).AddDays(-1); ; date = date.AddDays(1))
        {
            var worked = false;
            foreach (var (periodStart, periodEnd) in WorkingPeriodsOn(date))
            {
                var from = periodStart > cursor ? periodStart : cursor;
                var available = periodEnd - from;
                if (available <= TimeSpan.Zero)
                {
                    continue;
                }

                if (remaining <= available)
                {
                    return from + remaining;
                }

                remaining -= available;
                worked = true;
            }

            daysWithoutWork = worked ? 0 : daysWithoutWork + 1;
            if (daysWithoutWork > MaxDaysWithoutWork)
            {
                throw new SlaSettingsException(
                    $"The calendar has no working time in the year after {DurationText.Of(date.AddDays(-MaxDaysWithoutWork))}; check its holidays.");
            }
        }
    }

    /// <summary>Working time elapsed between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (_zone is null)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        var last = LocalDate(to).AddDays(1);
        for (var date = LocalDate(from).AddDays(-1); date <= last; date = date.AddDays(1))
        {
            foreach (var (periodStart, periodEnd) in WorkingPeriodsOn(date))
            {
                var overlap = (periodEnd < to ? periodEnd : to) - (periodStart > from ? periodStart : from);
                if (overlap > TimeSpan.Zero)
                {
                    total += overlap;
                }
            }
        }

        return total;
    }

    private static TimeZoneInfo FindZone(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            throw new SlaSettingsException("A business calendar needs a time zone, such as Europe/London.");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SlaSettingsException(
                $"'{timeZoneId}' is not a time zone we know; use an IANA time zone id such as Europe/London or America/New_York.");
        }
    }

    private static WeeklyHours[][] ValidateHours(IEnumerable<WeeklyHours> workingHours)
    {
        var byDay = Enumerable.Range(0, 7).Select(_ => new List<WeeklyHours>()).ToArray();
        foreach (var hours in workingHours)
        {
            if (hours is null)
            {
                throw new SlaSettingsException("A working-hours entry is missing its day and times.");
            }

            if (!Enum.IsDefined(hours.Day))
            {
                throw new SlaSettingsException($"Working hours are given for day number {(int)hours.Day}, which is not a day of the week.");
            }

            if (!hours.EndsAtMidnight && hours.End <= hours.Start)
            {
                throw new SlaSettingsException(
                    $"Working hours must end after they start, but {hours.Describe()} does not. Split a shift that runs past midnight in two, ending the first at 00:00.");
            }

            byDay[(int)hours.Day].Add(hours);
        }

        if (byDay.All(day => day.Count == 0))
        {
            throw new SlaSettingsException(
                "A business calendar needs working hours on at least one day of the week; use a 24x7 calendar for targets that run round the clock.");
        }

        var sorted = byDay.Select(day => day.OrderBy(hours => hours.Start).ToArray()).ToArray();
        foreach (var day in sorted)
        {
            for (var i = 1; i < day.Length; i++)
            {
                if (day[i].Start.ToTimeSpan() < day[i - 1].EndOfDayOffset)
                {
                    throw new SlaSettingsException(
                        $"Working hours on {day[i].Day} overlap: {day[i - 1].Describe()} and {day[i].Describe()}.");
                }
            }
        }

        return sorted;
    }

    private static int MondayFirst(DayOfWeek day) => ((int)day + 6) % 7;

    private DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone!).DateTime);

    /// <summary>The date's working intervals as UTC instants, in order; none on a holiday.</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingPeriodsOn(DateOnly date)
    {
        if (_holidays.Contains(date))
        {
            yield break;
        }

        foreach (var hours in _hoursByDay[(int)date.DayOfWeek])
        {
            var start = ToInstant(date.ToDateTime(hours.Start));
            var end = ToInstant(date.ToDateTime(TimeOnly.MinValue).Add(hours.EndOfDayOffset));
            yield return (start, end);
        }
    }

    /// <summary>A local wall-clock time as a UTC instant: a skipped time maps to the jump, a repeated one to its first occurrence.</summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        var zone = _zone!;
        if (zone.IsInvalidTime(local))
        {
            return MomentClocksJumpedOver(local);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>For a local time that never happened (clocks sprang over it): the instant the clocks jumped.</summary>
    private DateTimeOffset MomentClocksJumpedOver(DateTime local)
    {
        var zone = _zone!;
        var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        var offsetBefore = zone.GetUtcOffset(asUtc.AddDays(-2));
        var offsetAfter = zone.GetUtcOffset(asUtc.AddDays(2));

        // The jump lies in (local - offsetAfter, local - offsetBefore]; find the first tick already on the new offset.
        var low = asUtc.Ticks - offsetAfter.Ticks;
        var high = asUtc.Ticks - offsetBefore.Ticks;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(new DateTime(middle, DateTimeKind.Utc)) == offsetBefore)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }
}
