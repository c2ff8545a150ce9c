using RecoveryDesk.Domain.Sla;
using static RecoveryDesk.Domain.Tests.Sla.Calendars;

namespace RecoveryDesk.Domain.Tests.Sla;

// January 2025 is on GMT, so London wall-clock time equals UTC: Monday 6th to Friday 10th, weekend 11th-12th.
public sealed class BusinessCalendarArithmeticTests
{
    private static readonly BusinessCalendar Office = LondonOffice();

    [Test]
    public void AddBusinessTime_WithinOneDay_AddsTheDuration()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 6, 10), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 6, 13)));
    }

    [Test]
    public void AddBusinessTime_InSummerTime_CountsLocalHoursAndAnswersInUtc()
    {
        var due = Office.AddBusinessTime(London(2025, 6, 2, 10), TimeSpan.FromHours(3));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(due, Is.EqualTo(Utc(2025, 6, 2, 12)), "13:00 BST is 12:00 UTC");
            Assert.That(due.Offset, Is.EqualTo(TimeSpan.Zero));
        }
    }

    [Test]
    public void AddBusinessTime_UsingUpTheWholeDay_EndsAtClosingTimeNotNextMorning()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 6, 9), TimeSpan.FromHours(8));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 6, 17)));
    }

    [Test]
    public void AddBusinessTime_AcrossANight_ContinuesNextMorning()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 6, 15), TimeSpan.FromHours(4));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 7, 11)));
    }

    [Test]
    public void AddBusinessTime_AcrossAWeekend_ContinuesOnMonday()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 10, 16), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 13, 10)));
    }

    [Test]
    public void AddBusinessTime_OpenedBeforeOpening_StartsCountingAtOpening()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 6, 7, 30), TimeSpan.FromHours(1));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 6, 10)));
    }

    [Test]
    public void AddBusinessTime_OpenedAfterClosing_StartsCountingNextMorning()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 6, 18, 45), TimeSpan.FromHours(1));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 7, 10)));
    }

    [Test]
    public void AddBusinessTime_OpenedExactlyAtClosingTime_StartsCountingNextMorning()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 6, 17), TimeSpan.FromMinutes(30));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 7, 9, 30)));
    }

    [Test]
    public void AddBusinessTime_OpenedOnSunday_StartsCountingOnMonday()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 12, 11), TimeSpan.FromHours(1));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 13, 10)));
    }

    [Test]
    public void AddBusinessTime_OpenedOnFridayEvening_StartsCountingOnMonday()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 10, 20), TimeSpan.FromMinutes(15));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 13, 9, 15)));
    }

    [Test]
    public void AddBusinessTime_ZeroDuringWorkingHours_ReturnsTheStart()
    {
        var start = Utc(2025, 1, 6, 11, 17);

        Assert.That(Office.AddBusinessTime(start, TimeSpan.Zero), Is.EqualTo(start));
    }

    [Test]
    public void AddBusinessTime_ZeroAfterFridayClosing_ReturnsMondayOpening()
    {
        var due = Office.AddBusinessTime(Utc(2025, 1, 10, 17, 30), TimeSpan.Zero);

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 13, 9)));
    }

    [Test]
    public void AddBusinessTime_ZeroOnAlwaysOpen_ReturnsTheStart()
    {
        var start = Utc(2025, 1, 11, 3, 12);

        Assert.That(BusinessCalendar.AlwaysOpen.AddBusinessTime(start, TimeSpan.Zero), Is.EqualTo(start));
    }

    [Test]
    public void AddBusinessTime_HolidayOnFriday_SkipsToMonday()
    {
        var calendar = LondonOffice(GoodFriday2025);

        var due = calendar.AddBusinessTime(London(2025, 4, 17, 16), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(London(2025, 4, 21, 10)));
    }

    [Test]
    public void AddBusinessTime_SpanningLongWeekend_SkipsHolidayFridayAndMonday()
    {
        var calendar = LondonOffice(GoodFriday2025, EasterMonday2025);

        var due = calendar.AddBusinessTime(London(2025, 4, 17, 16), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 4, 22, 9)), "Tuesday 10:00 BST");
    }

    [Test]
    public void AddBusinessTime_SpanningLongWeekend_SkipsHolidayMonday()
    {
        var calendar = LondonOffice(SpringBankHoliday2025);

        var due = calendar.AddBusinessTime(London(2025, 5, 23, 16), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(London(2025, 5, 27, 10)));
    }

    [Test]
    public void AddBusinessTime_OpenedOnAHoliday_StartsCountingOnTheNextWorkingDay()
    {
        var calendar = LondonOffice(GoodFriday2025, EasterMonday2025);

        var due = calendar.AddBusinessTime(London(2025, 4, 18, 10), TimeSpan.FromHours(1));

        Assert.That(due, Is.EqualTo(London(2025, 4, 22, 10)));
    }

    [Test]
    public void AddBusinessTime_TenBusinessDays_EndsTwoWeeksLaterOnFridayAtClosing()
    {
        var due = Office.AddBusinessTime(London(2025, 6, 2, 9), TimeSpan.FromHours(80));

        Assert.That(due, Is.EqualTo(London(2025, 6, 13, 17)));
    }

    [Test]
    public void AddBusinessTime_TenBusinessDaysOverChristmas_SkipsTheBankHolidays()
    {
        var calendar = LondonOffice(ChristmasDay2025, BoxingDay2025, NewYearsDay2026);

        // Working days: 22, 23, 24, 29, 30, 31 December, 2, 5, 6, 7 January.
        var due = calendar.AddBusinessTime(Utc(2025, 12, 22, 9), TimeSpan.FromHours(80));

        Assert.That(due, Is.EqualTo(Utc(2026, 1, 7, 17)));
    }

    [Test]
    [MaxTime(5000)]
    public void AddBusinessTime_OneYearOfWorkingTime_WalksTheDaysAndLandsOnAFridayClosing()
    {
        var start = London(2025, 1, 6, 9);
        var year = TimeSpan.FromDays(365);

        var due = Office.AddBusinessTime(start, year);

        // 8760 working hours at 40 a week is exactly 219 weeks: the Friday of the 219th week.
        var friday = new DateOnly(2025, 1, 6).AddDays((218 * 7) + 4);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(friday.DayOfWeek, Is.EqualTo(DayOfWeek.Friday));
            Assert.That(due, Is.EqualTo(London(friday, 17)));
            Assert.That(Office.BusinessTimeBetween(start, due), Is.EqualTo(year));
        }
    }

    [Test]
    public void AddBusinessTime_AlwaysOpen_AddsRealTimeThroughTheWeekend()
    {
        var start = Utc(2025, 1, 10, 16);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(BusinessCalendar.AlwaysOpen.AddBusinessTime(start, TimeSpan.FromHours(2)), Is.EqualTo(Utc(2025, 1, 10, 18)));
            Assert.That(Office.AddBusinessTime(start, TimeSpan.FromHours(2)), Is.EqualTo(Utc(2025, 1, 13, 10)));
        }
    }

    [Test]
    public void AddBusinessTime_StartWithAnOffset_AnswersTheSameInstantInUtc()
    {
        var start = new DateTimeOffset(2025, 1, 6, 12, 0, 0, TimeSpan.FromHours(2));

        var due = Office.AddBusinessTime(start, TimeSpan.FromHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(due, Is.EqualTo(Utc(2025, 1, 6, 11)));
            Assert.That(due.Offset, Is.EqualTo(TimeSpan.Zero));
        }
    }

    [Test]
    public void AddBusinessTime_NegativeDuration_IsRejected()
    {
        Assert.That(
            () => Office.AddBusinessTime(Utc(2025, 1, 6, 10), TimeSpan.FromMinutes(-1)),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AddBusinessTime_LongerThanTenYears_IsRejected()
    {
        Assert.That(
            () => Office.AddBusinessTime(Utc(2025, 1, 6, 10), BusinessCalendar.MaxDuration + TimeSpan.FromTicks(1)),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AddBusinessTime_HolidaysCoverAWholeYear_ThrowsInsteadOfLooping()
    {
        var everyDayOf2026 = Enumerable.Range(0, 365).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToArray();
        var calendar = LondonOffice(everyDayOf2026);

        Assert.That(
            () => calendar.AddBusinessTime(Utc(2025, 12, 31, 18), TimeSpan.FromHours(1)),
            Throws.TypeOf<SlaSettingsException>().With.Message.Contains("check its holidays"));
    }

    [Test]
    public void AddBusinessTime_SplitDay_SkipsLunch()
    {
        var calendar = LondonSplitDay();

        var due = calendar.AddBusinessTime(Utc(2025, 1, 6, 11), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 6, 14)));
    }

    [Test]
    public void AddBusinessTime_SplitDayOpenedAtLunch_StartsCountingAfterLunch()
    {
        var calendar = LondonSplitDay();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.AddBusinessTime(Utc(2025, 1, 6, 12, 30), TimeSpan.FromHours(1)), Is.EqualTo(Utc(2025, 1, 6, 14)));
            Assert.That(calendar.AddBusinessTime(Utc(2025, 1, 6, 12, 30), TimeSpan.Zero), Is.EqualTo(Utc(2025, 1, 6, 13)));
        }
    }

    [Test]
    public void AddBusinessTime_SplitDayMorningUsedUp_EndsAtLunchNotAfterIt()
    {
        var calendar = LondonSplitDay();

        var due = calendar.AddBusinessTime(Utc(2025, 1, 6, 9), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 6, 12)));
    }

    [Test]
    public void AddBusinessTime_SplitDayAcrossANight_CountsSevenHoursADay()
    {
        var calendar = LondonSplitDay();

        var due = calendar.AddBusinessTime(Utc(2025, 1, 6, 9), TimeSpan.FromHours(9));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 7, 11)));
    }

    [Test]
    public void AddBusinessTime_ShiftEndingAtMidnight_RunsOnIntoTheNextDaysShift()
    {
        var calendar = BusinessCalendar.Create(
            LondonId,
            [new WeeklyHours(DayOfWeek.Monday, At(22), At(0)), new WeeklyHours(DayOfWeek.Tuesday, At(0), At(6))]);

        var due = calendar.AddBusinessTime(Utc(2025, 1, 6, 23), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 1, 7, 2)));
    }

    [Test]
    public void BusinessTimeBetween_WithinOneDay_IsTheElapsedTime()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 6, 10), Utc(2025, 1, 6, 12, 30)), Is.EqualTo(TimeSpan.FromHours(2.5)));
    }

    [Test]
    public void BusinessTimeBetween_AcrossANight_LeavesOutTheNight()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 6, 15), Utc(2025, 1, 7, 11)), Is.EqualTo(TimeSpan.FromHours(4)));
    }

    [Test]
    public void BusinessTimeBetween_AcrossAWeekend_LeavesOutTheWeekend()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 10, 16), Utc(2025, 1, 13, 10)), Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public void BusinessTimeBetween_AWholeWeek_IsFortyHours()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 5, 12), Utc(2025, 1, 12, 12)), Is.EqualTo(TimeSpan.FromHours(40)));
    }

    [Test]
    public void BusinessTimeBetween_OverAWeekend_IsZero()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 10, 17), Utc(2025, 1, 13, 9)), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void BusinessTimeBetween_OverALongWeekend_LeavesOutTheHolidays()
    {
        var calendar = LondonOffice(GoodFriday2025, EasterMonday2025);

        var elapsed = calendar.BusinessTimeBetween(London(2025, 4, 17, 9), London(2025, 4, 22, 17));

        Assert.That(elapsed, Is.EqualTo(TimeSpan.FromHours(16)));
    }

    [Test]
    public void BusinessTimeBetween_ToBeforeFrom_IsZero()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 7, 12), Utc(2025, 1, 6, 12)), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void BusinessTimeBetween_SameInstant_IsZero()
    {
        Assert.That(Office.BusinessTimeBetween(Utc(2025, 1, 7, 12), Utc(2025, 1, 7, 12)), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void BusinessTimeBetween_AlwaysOpen_IsTheRealElapsedTime()
    {
        var elapsed = BusinessCalendar.AlwaysOpen.BusinessTimeBetween(Utc(2025, 1, 10, 16), Utc(2025, 1, 13, 10));

        Assert.That(elapsed, Is.EqualTo(TimeSpan.FromHours(66)));
    }

    [Test]
    public void BusinessTimeBetween_SplitDay_LeavesOutLunch()
    {
        Assert.That(LondonSplitDay().BusinessTimeBetween(Utc(2025, 1, 6, 8), Utc(2025, 1, 6, 18)), Is.EqualTo(TimeSpan.FromHours(7)));
    }

    [Test]
    public void BusinessTimeBetween_WithOffsets_ReadsInstantsNotWallClocks()
    {
        var from = new DateTimeOffset(2025, 1, 6, 5, 0, 0, TimeSpan.FromHours(-5));
        var to = new DateTimeOffset(2025, 1, 6, 13, 0, 0, TimeSpan.FromHours(1));

        Assert.That(Office.BusinessTimeBetween(from, to), Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public void IsWorkingAt_OpeningCountsAndClosingDoesNot()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Office.IsWorkingAt(Utc(2025, 1, 6, 9)), Is.True);
            Assert.That(Office.IsWorkingAt(Utc(2025, 1, 6, 16, 59)), Is.True);
            Assert.That(Office.IsWorkingAt(Utc(2025, 1, 6, 17)), Is.False);
            Assert.That(Office.IsWorkingAt(Utc(2025, 1, 11, 12)), Is.False, "Saturday");
            Assert.That(LondonSplitDay().IsWorkingAt(Utc(2025, 1, 6, 12, 30)), Is.False, "lunch");
            Assert.That(LondonOffice(GoodFriday2025).IsWorkingAt(London(2025, 4, 18, 12)), Is.False, "holiday");
            Assert.That(BusinessCalendar.AlwaysOpen.IsWorkingAt(Utc(2025, 1, 11, 3)), Is.True);
        }
    }

    [Test]
    public void NextWorkingMoment_OnSaturday_IsMondayOpening()
    {
        Assert.That(Office.NextWorkingMoment(Utc(2025, 1, 11, 12)), Is.EqualTo(Utc(2025, 1, 13, 9)));
    }
}
