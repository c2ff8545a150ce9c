using RecoveryDesk.Domain.Sla;
using static RecoveryDesk.Domain.Tests.Sla.Calendars;

namespace RecoveryDesk.Domain.Tests.Sla;

// London 2025: clocks go forward at 01:00 UTC on Sunday 30 March (01:00 GMT -> 02:00 BST, so 01:00-02:00 local never
// happens) and back at 01:00 UTC on Sunday 26 October (02:00 BST -> 01:00 GMT, so 01:00-02:00 local happens twice).
// New York 2025: forward at 07:00 UTC on Sunday 9 March (02:00 EST -> 03:00 EDT), back at 06:00 UTC on Sunday
// 2 November (02:00 EDT -> 01:00 EST). Working intervals are real elapsed time.
public sealed class BusinessCalendarDaylightSavingTests
{
    private static readonly BusinessCalendar LondonNightShift = EveryDay(LondonId, At(0), At(6));
    private static readonly BusinessCalendar LondonSundayOffice = EveryDay(LondonId, At(9), At(17));

    [Test]
    public void TimeZones_ChangeClocksWhenTheseTestsSayTheyDo()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LondonZone.IsInvalidTime(new DateTime(2025, 3, 30, 1, 30, 0)), Is.True);
            Assert.That(LondonZone.IsAmbiguousTime(new DateTime(2025, 10, 26, 1, 30, 0)), Is.True);
            Assert.That(NewYorkZone.IsInvalidTime(new DateTime(2025, 3, 9, 2, 30, 0)), Is.True);
            Assert.That(NewYorkZone.IsAmbiguousTime(new DateTime(2025, 11, 2, 1, 30, 0)), Is.True);
        }
    }

    [Test]
    public void BusinessTimeBetween_LondonSpringForwardInsideTheShift_IsOneHourShorter()
    {
        var sunday = LondonNightShift.BusinessTimeBetween(Utc(2025, 3, 29, 12), Utc(2025, 3, 30, 12));
        var saturday = LondonNightShift.BusinessTimeBetween(Utc(2025, 3, 28, 12), Utc(2025, 3, 29, 12));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sunday, Is.EqualTo(TimeSpan.FromHours(5)), "00:00 GMT to 06:00 BST");
            Assert.That(saturday, Is.EqualTo(TimeSpan.FromHours(6)));
        }
    }

    [Test]
    public void AddBusinessTime_LondonSpringForward_CountsRealHoursNotWallClockHours()
    {
        var due = LondonNightShift.AddBusinessTime(Utc(2025, 3, 30, 0), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 3, 30, 3)), "04:00 BST, three real hours after 00:00 GMT");
    }

    [Test]
    public void AddBusinessTime_LondonSpringForwardShiftUsedUp_ContinuesAtMondayMidnightBst()
    {
        // 05:00 BST leaves one hour on Sunday; Monday's shift starts at 00:00 BST, which is 23:00 UTC on Sunday.
        var due = LondonNightShift.AddBusinessTime(Utc(2025, 3, 30, 4), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 3, 31, 0)));
    }

    [Test]
    public void BusinessTimeBetween_LondonFallBackInsideTheShift_IsOneHourLonger()
    {
        var sunday = LondonNightShift.BusinessTimeBetween(Utc(2025, 10, 25, 12), Utc(2025, 10, 26, 12));

        Assert.That(sunday, Is.EqualTo(TimeSpan.FromHours(7)), "00:00 BST to 06:00 GMT");
    }

    [Test]
    public void AddBusinessTime_LondonFallBack_CountsTheRepeatedHourTwice()
    {
        // Sunday's shift starts at 00:00 BST = 23:00 UTC on Saturday.
        var due = LondonNightShift.AddBusinessTime(Utc(2025, 10, 25, 23), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 10, 26, 2)), "02:00 GMT, three real hours after 00:00 BST");
    }

    [Test]
    public void AddBusinessTime_LondonFallBackWholeShift_EndsAtSixGmt()
    {
        var due = LondonNightShift.AddBusinessTime(Utc(2025, 10, 25, 23), TimeSpan.FromHours(7));

        Assert.That(due, Is.EqualTo(Utc(2025, 10, 26, 6)));
    }

    [Test]
    public void BusinessTimeBetween_NineToFiveOnTheSwitchSunday_IsStillEightHours()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LondonSundayOffice.BusinessTimeBetween(Utc(2025, 3, 30, 0), Utc(2025, 3, 31, 0)), Is.EqualTo(TimeSpan.FromHours(8)));
            Assert.That(LondonSundayOffice.BusinessTimeBetween(Utc(2025, 10, 26, 0), Utc(2025, 10, 27, 0)), Is.EqualTo(TimeSpan.FromHours(8)));
        }
    }

    [Test]
    public void AddBusinessTime_NineToFiveAcrossSpringForwardNight_OpensAtNineBst()
    {
        var due = LondonSundayOffice.AddBusinessTime(Utc(2025, 3, 29, 16), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 3, 30, 9)), "10:00 BST");
    }

    [Test]
    public void AddBusinessTime_NineToFiveAcrossFallBackNight_OpensAtNineGmt()
    {
        var due = LondonSundayOffice.AddBusinessTime(Utc(2025, 10, 25, 15), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 10, 26, 10)), "10:00 GMT");
    }

    [Test]
    public void BusinessTimeBetween_ShiftStartingInTheSkippedHour_StartsWhenClocksJump()
    {
        var calendar = EveryDay(LondonId, new TimeOnly(1, 30), At(3));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.BusinessTimeBetween(Utc(2025, 3, 29, 12), Utc(2025, 3, 30, 12)), Is.EqualTo(TimeSpan.FromHours(1)), "02:00 BST to 03:00 BST");
            Assert.That(calendar.NextWorkingMoment(Utc(2025, 3, 29, 23)), Is.EqualTo(Utc(2025, 3, 30, 1)));
            Assert.That(calendar.BusinessTimeBetween(Utc(2025, 3, 28, 12), Utc(2025, 3, 29, 12)), Is.EqualTo(TimeSpan.FromHours(1.5)));
        }
    }

    [Test]
    public void AddBusinessTime_ShiftEntirelyInTheSkippedHour_HasNoWorkingTimeThatDay()
    {
        var calendar = EveryDay(LondonId, new TimeOnly(1, 15), new TimeOnly(1, 45));

        var due = calendar.AddBusinessTime(Utc(2025, 3, 29, 23), TimeSpan.FromMinutes(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.BusinessTimeBetween(Utc(2025, 3, 29, 12), Utc(2025, 3, 30, 12)), Is.EqualTo(TimeSpan.Zero));
            Assert.That(due, Is.EqualTo(Utc(2025, 3, 31, 0, 25)), "Monday 01:25 BST");
        }
    }

    [Test]
    public void BusinessTimeBetween_ShiftStartingInTheRepeatedHour_StartsAtItsFirstOccurrence()
    {
        var calendar = EveryDay(LondonId, new TimeOnly(1, 30), At(3));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.BusinessTimeBetween(Utc(2025, 10, 25, 12), Utc(2025, 10, 26, 12)), Is.EqualTo(TimeSpan.FromHours(2.5)));
            Assert.That(calendar.NextWorkingMoment(Utc(2025, 10, 25, 23)), Is.EqualTo(Utc(2025, 10, 26, 0, 30)), "01:30 BST");
            Assert.That(calendar.IsWorkingAt(Utc(2025, 10, 26, 1, 15)), Is.True, "the second 01:15, in GMT");
        }
    }

    [Test]
    public void BusinessTimeBetween_ShiftEndingInTheRepeatedHour_EndsAtItsFirstOccurrence()
    {
        var calendar = EveryDay(LondonId, At(0), new TimeOnly(1, 30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.BusinessTimeBetween(Utc(2025, 10, 25, 12), Utc(2025, 10, 26, 12)), Is.EqualTo(TimeSpan.FromHours(1.5)));
            Assert.That(calendar.IsWorkingAt(Utc(2025, 10, 26, 1, 15)), Is.False, "the second 01:15, in GMT");
        }
    }

    [Test]
    public void BusinessTimeBetween_NewYorkSpringForward_IsOneHourShorter()
    {
        var calendar = EveryDay(NewYorkId, At(0), At(12));

        var sunday = calendar.BusinessTimeBetween(Utc(2025, 3, 9, 0), Utc(2025, 3, 10, 0));

        Assert.That(sunday, Is.EqualTo(TimeSpan.FromHours(11)), "00:00 EST (05:00 UTC) to 12:00 EDT (16:00 UTC)");
    }

    [Test]
    public void AddBusinessTime_NewYorkSpringForward_CountsRealHours()
    {
        var calendar = EveryDay(NewYorkId, At(0), At(12));

        var due = calendar.AddBusinessTime(NewYork(2025, 3, 9, 0), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 3, 9, 8)), "04:00 EDT");
    }

    [Test]
    public void BusinessTimeBetween_NewYorkFallBack_IsOneHourLonger()
    {
        var calendar = EveryDay(NewYorkId, At(0), At(12));

        var sunday = calendar.BusinessTimeBetween(Utc(2025, 11, 2, 0), Utc(2025, 11, 3, 0));

        Assert.That(sunday, Is.EqualTo(TimeSpan.FromHours(13)), "00:00 EDT (04:00 UTC) to 12:00 EST (17:00 UTC)");
    }

    [Test]
    public void AddBusinessTime_NewYorkFallBack_CountsTheRepeatedHourTwice()
    {
        var calendar = EveryDay(NewYorkId, At(0), At(12));

        var due = calendar.AddBusinessTime(NewYork(2025, 11, 2, 0), TimeSpan.FromHours(3));

        Assert.That(due, Is.EqualTo(Utc(2025, 11, 2, 7)), "02:00 EST");
    }

    [Test]
    public void AddBusinessTime_NewYorkOfficeOverTheSpringForwardWeekend_OpensAtNineEdt()
    {
        var calendar = BusinessCalendar.Create(NewYorkId, WeeklyHours.MondayToFriday(At(9), At(17)));

        var due = calendar.AddBusinessTime(NewYork(2025, 3, 7, 16), TimeSpan.FromHours(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(due, Is.EqualTo(Utc(2025, 3, 10, 14)), "Monday 10:00 EDT");
            Assert.That(calendar.BusinessTimeBetween(NewYork(2025, 3, 7, 16), due), Is.EqualTo(TimeSpan.FromHours(2)));
        }
    }

    [Test]
    public void AddBusinessTime_NewYorkOfficeOverTheFallBackWeekend_OpensAtNineEst()
    {
        var calendar = BusinessCalendar.Create(NewYorkId, WeeklyHours.MondayToFriday(At(9), At(17)));

        var due = calendar.AddBusinessTime(NewYork(2025, 10, 31, 16), TimeSpan.FromHours(2));

        Assert.That(due, Is.EqualTo(Utc(2025, 11, 3, 15)), "Monday 10:00 EST");
    }
}
