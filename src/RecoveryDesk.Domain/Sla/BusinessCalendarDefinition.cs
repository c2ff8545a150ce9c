namespace RecoveryDesk.Domain.Sla;

/// <summary>
/// The stored shape of a <see cref="BusinessCalendar"/> (plain data, fit for a JSON column). A null time zone means
/// 24x7, with no working hours or holidays. Turn it back into a calendar with <see cref="BusinessCalendar.FromDefinition"/>.
/// </summary>
public sealed record BusinessCalendarDefinition(
    string? TimeZoneId,
    IReadOnlyList<WeeklyHours> WorkingHours,
    IReadOnlyList<DateOnly> Holidays);
