namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// One working interval on one weekday, in the calendar's local time, e.g. Monday 09:00-17:00. An end of 00:00
/// means midnight at the end of the day, so 22:00-00:00 and 00:00-00:00 (the whole day) can be written.
/// </summary>
public sealed record WeeklyHours(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    /// <summary>The same hours on Monday to Friday.</summary>
    public static IReadOnlyList<WeeklyHours> MondayToFriday(TimeOnly start, TimeOnly end) =>
    [
        new(DayOfWeek.Monday, start, end),
        new(DayOfWeek.Tuesday, start, end),
        new(DayOfWeek.Wednesday, start, end),
        new(DayOfWeek.Thursday, start, end),
        new(DayOfWeek.Friday, start, end),
    ];

    internal bool EndsAtMidnight => End == TimeOnly.MinValue;

    /// <summary>The end as time since the day's midnight: up to a whole day.</summary>
    internal TimeSpan EndOfDayOffset => EndsAtMidnight ? TimeSpan.FromDays(1) : End.ToTimeSpan();

    internal string Describe() => $"{Day} {DurationText.Of(Start)}-{(EndsAtMidnight ? "24:00" : DurationText.Of(End))}";
}
