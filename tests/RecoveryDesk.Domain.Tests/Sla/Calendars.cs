using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Domain.Tests.Sla;

/// <summary>Calendars and instants the SLA tests share. Local times are read in the named zone and returned as UTC.</summary>
internal static class Calendars
{
    public const string LondonId = "Europe/London";
    public const string NewYorkId = "America/New_York";

    public static readonly TimeZoneInfo LondonZone = TimeZoneInfo.FindSystemTimeZoneById(LondonId);
    public static readonly TimeZoneInfo NewYorkZone = TimeZoneInfo.FindSystemTimeZoneById(NewYorkId);

    // England and Wales bank holidays.
    public static readonly DateOnly GoodFriday2025 = new(2025, 4, 18);
    public static readonly DateOnly EasterMonday2025 = new(2025, 4, 21);
    public static readonly DateOnly SpringBankHoliday2025 = new(2025, 5, 26);
    public static readonly DateOnly ChristmasDay2025 = new(2025, 12, 25);
    public static readonly DateOnly BoxingDay2025 = new(2025, 12, 26);
    public static readonly DateOnly NewYearsDay2026 = new(2026, 1, 1);

    public static readonly DateOnly[] UkBankHolidays2025And2026 =
    [
        new(2025, 1, 1), GoodFriday2025, EasterMonday2025, new(2025, 5, 5), SpringBankHoliday2025, new(2025, 8, 25),
        ChristmasDay2025, BoxingDay2025, NewYearsDay2026, new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 4),
        new(2026, 5, 25), new(2026, 8, 31), new(2026, 12, 25), new(2026, 12, 28),
    ];

    public static TimeOnly At(int hour, int minute = 0) => new(hour, minute);

    /// <summary>Monday to Friday 09:00-17:00 in London.</summary>
    public static BusinessCalendar LondonOffice(params DateOnly[] holidays) =>
        BusinessCalendar.Create(LondonId, WeeklyHours.MondayToFriday(At(9), At(17)), holidays);

    /// <summary>Monday to Friday 09:00-12:00 and 13:00-17:00 in London.</summary>
    public static BusinessCalendar LondonSplitDay() =>
        BusinessCalendar.Create(
            LondonId,
            [.. WeeklyHours.MondayToFriday(At(9), At(12)), .. WeeklyHours.MondayToFriday(At(13), At(17))]);

    /// <summary>The same hours on all seven days, so clock changes on a Sunday matter.</summary>
    public static BusinessCalendar EveryDay(string timeZoneId, TimeOnly start, TimeOnly end) =>
        BusinessCalendar.Create(timeZoneId, Enum.GetValues<DayOfWeek>().Select(day => new WeeklyHours(day, start, end)));

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0) =>
        Local(LondonZone, new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    public static DateTimeOffset London(DateOnly date, int hour, int minute = 0) =>
        Local(LondonZone, date.ToDateTime(new TimeOnly(hour, minute)));

    public static DateTimeOffset NewYork(int year, int month, int day, int hour, int minute = 0) =>
        Local(NewYorkZone, new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    private static DateTimeOffset Local(TimeZoneInfo zone, DateTime local)
    {
        if (zone.IsInvalidTime(local) || zone.IsAmbiguousTime(local))
        {
            throw new ArgumentException($"{local:s} is skipped or repeated in {zone.Id}; give the test instant in UTC.", nameof(local));
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
