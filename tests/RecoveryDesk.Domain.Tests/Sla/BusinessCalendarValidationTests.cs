using System.Text.Json;
using RecoveryDesk.Domain.Sla;
using static RecoveryDesk.Domain.Tests.Sla.Calendars;

namespace RecoveryDesk.Domain.Tests.Sla;

public sealed class BusinessCalendarValidationTests
{
    [Test]
    public void Create_UnknownTimeZone_SaysWhichAndSuggestsAnIanaId()
    {
        Assert.That(
            () => BusinessCalendar.Create("Mars/Olympus_Mons", WeeklyHours.MondayToFriday(At(9), At(17))),
            Throws.TypeOf<SlaSettingsException>()
                .With.Message.EqualTo("'Mars/Olympus_Mons' is not a time zone we know; use an IANA time zone id such as Europe/London or America/New_York."));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Create_BlankTimeZone_AsksForOne(string timeZoneId)
    {
        Assert.That(
            () => BusinessCalendar.Create(timeZoneId, WeeklyHours.MondayToFriday(At(9), At(17))),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("A business calendar needs a time zone, such as Europe/London."));
    }

    [Test]
    public void Create_SlaSettingsException_IsACaseRuleException()
    {
        Assert.That(
            () => BusinessCalendar.Create("Nowhere/Nothing", WeeklyHours.MondayToFriday(At(9), At(17))),
            Throws.InstanceOf<CaseRuleException>());
    }

    [Test]
    public void Create_EndBeforeStart_IsRejected()
    {
        Assert.That(
            () => BusinessCalendar.Create(LondonId, [new WeeklyHours(DayOfWeek.Monday, At(17), At(9))]),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo(
                "Working hours must end after they start, but Monday 17:00-09:00 does not. Split a shift that runs past midnight in two, ending the first at 00:00."));
    }

    [Test]
    public void Create_EndEqualToStart_IsRejected()
    {
        Assert.That(
            () => BusinessCalendar.Create(LondonId, [new WeeklyHours(DayOfWeek.Tuesday, At(9), At(9))]),
            Throws.TypeOf<SlaSettingsException>().With.Message.Contains("Tuesday 09:00-09:00 does not"));
    }

    [Test]
    public void Create_OverlappingIntervals_NamesBoth()
    {
        Assert.That(
            () => BusinessCalendar.Create(
                LondonId,
                [new WeeklyHours(DayOfWeek.Monday, At(12), At(17)), new WeeklyHours(DayOfWeek.Monday, At(9), At(13))]),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("Working hours on Monday overlap: Monday 09:00-13:00 and Monday 12:00-17:00."));
    }

    [Test]
    public void Create_IntervalInsideAnother_IsAnOverlap()
    {
        Assert.That(
            () => BusinessCalendar.Create(
                LondonId,
                [new WeeklyHours(DayOfWeek.Friday, At(9), At(0)), new WeeklyHours(DayOfWeek.Friday, At(20), At(21))]),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("Working hours on Friday overlap: Friday 09:00-24:00 and Friday 20:00-21:00."));
    }

    [Test]
    public void Create_OverlapBySeconds_ShowsTheSeconds()
    {
        Assert.That(
            () => BusinessCalendar.Create(
                LondonId,
                [new WeeklyHours(DayOfWeek.Monday, At(9), new TimeOnly(12, 0, 30)), new WeeklyHours(DayOfWeek.Monday, new TimeOnly(12, 0, 15), At(13))]),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("Working hours on Monday overlap: Monday 09:00-12:00:30 and Monday 12:00:15-13:00."));
    }

    [Test]
    public void Create_SameHoursOnDifferentDays_IsNoOverlap()
    {
        var calendar = BusinessCalendar.Create(LondonId, WeeklyHours.MondayToFriday(At(9), At(17)));

        Assert.That(calendar.WorkingHours, Has.Count.EqualTo(5));
    }

    [Test]
    public void Create_TouchingIntervals_AreAllowedAndMakeOneStretch()
    {
        var calendar = BusinessCalendar.Create(
            LondonId,
            [new WeeklyHours(DayOfWeek.Monday, At(9), At(12)), new WeeklyHours(DayOfWeek.Monday, At(12), At(17))]);

        Assert.That(calendar.BusinessTimeBetween(Utc(2025, 1, 6, 0), Utc(2025, 1, 7, 0)), Is.EqualTo(TimeSpan.FromHours(8)));
    }

    [Test]
    public void Create_NoWorkingHours_IsRejected()
    {
        Assert.That(
            () => BusinessCalendar.Create(LondonId, []),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo(
                "A business calendar needs working hours on at least one day of the week; use a 24x7 calendar for targets that run round the clock."));
    }

    [Test]
    public void Create_DayThatIsNotAWeekday_IsRejected()
    {
        Assert.That(
            () => BusinessCalendar.Create(LondonId, [new WeeklyHours((DayOfWeek)9, At(9), At(17))]),
            Throws.TypeOf<SlaSettingsException>().With.Message.Contains("day number 9"));
    }

    [Test]
    public void Create_MissingEntry_IsRejected()
    {
        Assert.That(
            () => BusinessCalendar.Create(LondonId, [null!]),
            Throws.TypeOf<SlaSettingsException>());
    }

    [Test]
    public void Create_EndAtMidnight_MeansTheEndOfTheDay()
    {
        var lateShift = BusinessCalendar.Create(LondonId, [new WeeklyHours(DayOfWeek.Monday, At(22), At(0))]);
        var wholeDay = BusinessCalendar.Create(LondonId, [new WeeklyHours(DayOfWeek.Monday, At(0), At(0))]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lateShift.BusinessTimeBetween(Utc(2025, 1, 6, 0), Utc(2025, 1, 8, 0)), Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(wholeDay.BusinessTimeBetween(Utc(2025, 1, 5, 0), Utc(2025, 1, 8, 0)), Is.EqualTo(TimeSpan.FromHours(24)));
        }
    }

    [Test]
    public void Create_HolidaysGivenTwiceAndOutOfOrder_AreKeptOnceInDateOrder()
    {
        var calendar = LondonOffice(EasterMonday2025, GoodFriday2025, EasterMonday2025);

        Assert.That(calendar.Holidays, Is.EqualTo(new[] { GoodFriday2025, EasterMonday2025 }));
    }

    [Test]
    public void Create_WorkingHours_AreListedMondayFirstThenByStart()
    {
        var calendar = BusinessCalendar.Create(
            LondonId,
            [
                new WeeklyHours(DayOfWeek.Sunday, At(10), At(12)),
                new WeeklyHours(DayOfWeek.Monday, At(13), At(17)),
                new WeeklyHours(DayOfWeek.Monday, At(9), At(12)),
            ]);

        Assert.That(calendar.WorkingHours, Is.EqualTo(new[]
        {
            new WeeklyHours(DayOfWeek.Monday, At(9), At(12)),
            new WeeklyHours(DayOfWeek.Monday, At(13), At(17)),
            new WeeklyHours(DayOfWeek.Sunday, At(10), At(12)),
        }));
    }

    [Test]
    public void Create_KeepsTheTimeZoneId()
    {
        var calendar = LondonOffice();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.TimeZoneId, Is.EqualTo(LondonId));
            Assert.That(calendar.IsAlwaysOpen, Is.False);
        }
    }

    [Test]
    public void AlwaysOpen_HasNoTimeZoneHoursOrHolidays()
    {
        var calendar = BusinessCalendar.AlwaysOpen;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calendar.IsAlwaysOpen, Is.True);
            Assert.That(calendar.TimeZoneId, Is.Null);
            Assert.That(calendar.WorkingHours, Is.Empty);
            Assert.That(calendar.Holidays, Is.Empty);
        }
    }

    [Test]
    public void FromDefinition_WithoutTimeZoneOrHours_IsAlwaysOpen()
    {
        var calendar = BusinessCalendar.FromDefinition(new BusinessCalendarDefinition(null, [], []));

        Assert.That(calendar, Is.SameAs(BusinessCalendar.AlwaysOpen));
    }

    [Test]
    public void FromDefinition_HoursWithoutTimeZone_IsRejected()
    {
        var definition = new BusinessCalendarDefinition(null, WeeklyHours.MondayToFriday(At(9), At(17)), []);

        Assert.That(
            () => BusinessCalendar.FromDefinition(definition),
            Throws.TypeOf<SlaSettingsException>().With.Message.StartsWith("Working hours and holidays need a time zone"));
    }

    [Test]
    public void FromDefinition_HolidaysWithoutTimeZone_IsRejected()
    {
        var definition = new BusinessCalendarDefinition(null, [], [GoodFriday2025]);

        Assert.That(() => BusinessCalendar.FromDefinition(definition), Throws.TypeOf<SlaSettingsException>());
    }

    [Test]
    public void FromDefinition_BrokenStoredCalendar_IsValidatedAgain()
    {
        var definition = new BusinessCalendarDefinition(LondonId, [new WeeklyHours(DayOfWeek.Monday, At(17), At(9))], []);

        Assert.That(() => BusinessCalendar.FromDefinition(definition), Throws.TypeOf<SlaSettingsException>());
    }

    [Test]
    public void ToDefinition_StoredAsJsonAndReadBack_GivesTheSameCalendar()
    {
        var original = BusinessCalendar.Create(
            LondonId,
            [.. WeeklyHours.MondayToFriday(At(9), At(12)), .. WeeklyHours.MondayToFriday(At(13), At(17)), new WeeklyHours(DayOfWeek.Saturday, At(10), At(0))],
            [GoodFriday2025, EasterMonday2025]);

        var json = JsonSerializer.Serialize(original.ToDefinition());
        var restored = BusinessCalendar.FromDefinition(JsonSerializer.Deserialize<BusinessCalendarDefinition>(json)!);

        var start = London(2025, 4, 17, 11);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(restored.TimeZoneId, Is.EqualTo(LondonId));
            Assert.That(restored.WorkingHours, Is.EqualTo(original.WorkingHours));
            Assert.That(restored.Holidays, Is.EqualTo(original.Holidays));
            Assert.That(restored.AddBusinessTime(start, TimeSpan.FromHours(30)), Is.EqualTo(original.AddBusinessTime(start, TimeSpan.FromHours(30))));
        }
    }

    [Test]
    public void ToDefinition_AlwaysOpenStoredAsJsonAndReadBack_IsAlwaysOpen()
    {
        var json = JsonSerializer.Serialize(BusinessCalendar.AlwaysOpen.ToDefinition());

        var restored = BusinessCalendar.FromDefinition(JsonSerializer.Deserialize<BusinessCalendarDefinition>(json)!);

        Assert.That(restored.IsAlwaysOpen, Is.True);
    }
}
