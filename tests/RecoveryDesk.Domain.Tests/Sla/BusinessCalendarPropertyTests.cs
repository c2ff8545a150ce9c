using System.Globalization;
using RecoveryDesk.Domain.Sla;
using static RecoveryDesk.Domain.Tests.Sla.Calendars;

namespace RecoveryDesk.Domain.Tests.Sla;

/// <summary>
/// Laws the clock arithmetic must keep, checked on a fixed table of pseudo-random cases (seeded, so every run sees
/// the same cases) over calendars chosen to be awkward: holidays, split days, shifts across clock changes in both
/// hemispheres, a half-hour offset, and 24x7.
/// </summary>
public sealed class BusinessCalendarPropertyTests
{
    private const int CasesPerCalendar = 60;

    private static readonly (string Name, BusinessCalendar Calendar)[] AwkwardCalendars =
    [
        ("London office with bank holidays", LondonOffice(UkBankHolidays2025And2026)),
        ("London split day", LondonSplitDay()),
        ("London night shift every day", EveryDay(LondonId, At(0), At(6))),
        ("London shift in the switching hour", EveryDay(LondonId, new TimeOnly(1, 30), At(3))),
        ("New York office", BusinessCalendar.Create(NewYorkId, WeeklyHours.MondayToFriday(At(9), At(17)))),
        ("New York small hours every day", EveryDay(NewYorkId, At(1), At(4))),
        ("Sydney small hours every day", EveryDay("Australia/Sydney", new TimeOnly(1, 45), new TimeOnly(3, 15))),
        ("Kolkata office", BusinessCalendar.Create("Asia/Kolkata", WeeklyHours.MondayToFriday(new TimeOnly(9, 30), new TimeOnly(18, 0)))),
        ("Touching intervals and a midnight shift", BusinessCalendar.Create(
            LondonId,
            [
                new WeeklyHours(DayOfWeek.Saturday, At(0), At(0)),
                new WeeklyHours(DayOfWeek.Sunday, At(22), At(0)),
                new WeeklyHours(DayOfWeek.Wednesday, At(9), At(12)),
                new WeeklyHours(DayOfWeek.Wednesday, At(12), new TimeOnly(12, 0, 1)),
                new WeeklyHours(DayOfWeek.Wednesday, new TimeOnly(12, 0, 1), At(17)),
            ],
            [new DateOnly(2025, 11, 29)])),
        ("24x7", BusinessCalendar.AlwaysOpen),
    ];

    private static IEnumerable<TestCaseData> SeededCases()
    {
        var random = new SeededRandom(20250330);
        var rangeStart = Utc(2025, 1, 1, 0);
        var range = TimeSpan.FromDays(730);
        foreach (var (name, calendar) in AwkwardCalendars)
        {
            for (var i = 0; i < CasesPerCalendar; i++)
            {
                // Half the cases on whole minutes (as people set times), half on arbitrary ticks.
                var start = rangeStart + random.Below(range);
                var duration = random.Below(i % 3 == 0 ? TimeSpan.FromHours(10) : TimeSpan.FromDays(12));
                if (i % 2 == 0)
                {
                    start = new DateTimeOffset(start.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
                    duration = TimeSpan.FromMinutes(Math.Floor(duration.TotalMinutes));
                }

                if (i % 10 == 0)
                {
                    duration = TimeSpan.Zero;
                }

                yield return new TestCaseData(calendar, start, duration)
                    .SetArgDisplayNames(name, start.ToString("O", CultureInfo.InvariantCulture), duration.ToString("c", CultureInfo.InvariantCulture));
            }
        }
    }

    [TestCaseSource(nameof(SeededCases))]
    public void BusinessTimeBetween_UpToAddBusinessTime_GivesBackTheDuration(BusinessCalendar calendar, DateTimeOffset start, TimeSpan duration)
    {
        var due = calendar.AddBusinessTime(start, duration);

        Assert.That(calendar.BusinessTimeBetween(start, due), Is.EqualTo(duration));
    }

    [TestCaseSource(nameof(SeededCases))]
    public void AddBusinessTime_Result_IsTheEarliestInstantWithThatMuchWorkingTime(BusinessCalendar calendar, DateTimeOffset start, TimeSpan duration)
    {
        var due = calendar.AddBusinessTime(start, duration);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(due, Is.GreaterThanOrEqualTo(start));
            Assert.That(due.Offset, Is.EqualTo(TimeSpan.Zero));
            if (duration == TimeSpan.Zero)
            {
                Assert.That(calendar.IsWorkingAt(due), Is.True, "zero lands on a working moment");
            }
            else
            {
                var oneTick = TimeSpan.FromTicks(1);
                Assert.That(calendar.BusinessTimeBetween(start, due - oneTick), Is.EqualTo(duration - oneTick), "the last tick before the result is working time");
                Assert.That(calendar.IsWorkingAt(due - oneTick), Is.True);
            }
        }
    }

    [TestCaseSource(nameof(SeededCases))]
    public void AddBusinessTime_InTwoSteps_EqualsAddingTheSumAtOnce(BusinessCalendar calendar, DateTimeOffset start, TimeSpan duration)
    {
        var firstPart = TimeSpan.FromTicks(duration.Ticks / 3);

        var inTwoSteps = calendar.AddBusinessTime(calendar.AddBusinessTime(start, firstPart), duration - firstPart);

        Assert.That(inTwoSteps, Is.EqualTo(calendar.AddBusinessTime(start, duration)));
    }

    [TestCaseSource(nameof(SeededCases))]
    public void BusinessTimeBetween_SplitAtAnyInstant_AddsUp(BusinessCalendar calendar, DateTimeOffset start, TimeSpan duration)
    {
        var end = start + duration + duration;
        var middle = start + duration;

        Assert.That(
            calendar.BusinessTimeBetween(start, middle) + calendar.BusinessTimeBetween(middle, end),
            Is.EqualTo(calendar.BusinessTimeBetween(start, end)));
    }

    [Test]
    public void AddBusinessTime_LongerDuration_NeverEndsEarlier()
    {
        var calendar = LondonOffice(UkBankHolidays2025And2026);
        var start = London(2025, 4, 16, 15, 40);
        var previous = start;

        for (var minutes = 0; minutes <= 60 * 24 * 5; minutes += 7)
        {
            var due = calendar.AddBusinessTime(start, TimeSpan.FromMinutes(minutes));
            Assert.That(due, Is.GreaterThanOrEqualTo(previous), $"after {minutes} minutes");
            previous = due;
        }
    }

    private static IEnumerable<TestCaseData> WallClockCases()
    {
        var random = new SeededRandom(8675309);
        (string Name, BusinessCalendar Calendar)[] calendars =
        [
            AwkwardCalendars[0], AwkwardCalendars[1], AwkwardCalendars[4], AwkwardCalendars[7],
        ];
        foreach (var (name, calendar) in calendars)
        {
            for (var i = 0; i < 12; i++)
            {
                var from = Utc(2025, 1, 1, 0) + TimeSpan.FromMinutes(random.Below(730 * 24 * 60));
                var to = from + TimeSpan.FromMinutes(random.Below(6 * 24 * 60));
                yield return new TestCaseData(calendar, from, to)
                    .SetArgDisplayNames(name, from.ToString("O", CultureInfo.InvariantCulture), to.ToString("O", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// For calendars whose hours never touch a clock change, business time must match a naive count of the minutes
    /// whose local wall-clock time falls in working hours on a non-holiday.
    /// </summary>
    [TestCaseSource(nameof(WallClockCases))]
    public void BusinessTimeBetween_AwayFromClockChanges_MatchesCountingWallClockMinutes(BusinessCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId!);
        var holidays = calendar.Holidays.ToHashSet();
        var workingMinutes = 0;
        for (var minute = from; minute < to; minute = minute.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(minute, zone).DateTime;
            var time = TimeOnly.FromDateTime(local);
            if (!holidays.Contains(DateOnly.FromDateTime(local))
                && calendar.WorkingHours.Any(h => h.Day == local.DayOfWeek && h.Start <= time && time < h.End))
            {
                workingMinutes++;
            }
        }

        Assert.That(calendar.BusinessTimeBetween(from, to), Is.EqualTo(TimeSpan.FromMinutes(workingMinutes)));
    }

    /// <summary>A small fixed-seed generator (SplitMix64), so the case table is the same on every machine and runtime.</summary>
    private sealed class SeededRandom(ulong seed)
    {
        private ulong _state = seed;

        public TimeSpan Below(TimeSpan limit) => TimeSpan.FromTicks(Below(limit.Ticks));

        public long Below(long limit) => (long)(Next() % (ulong)limit);

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
