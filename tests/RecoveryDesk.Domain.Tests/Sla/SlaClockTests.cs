using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;
using static RecoveryDesk.Domain.Tests.Sla.Calendars;

namespace RecoveryDesk.Domain.Tests.Sla;

// January 2025 is on GMT: London wall-clock time equals UTC. Monday 6th to Friday 10th.
public sealed class SlaClockTests
{
    private static readonly BusinessCalendar Office = LondonOffice();
    private static readonly TimeSpan TwoBusinessDays = TimeSpan.FromHours(16);

    [Test]
    public void DueAt_TwoBusinessDaysFromMondayMorning_IsTuesdayClosing()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TwoBusinessDays);

        Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 7, 17)));
    }

    [Test]
    public void WarningAt_SeventyFivePercentOfTwoBusinessDays_IsTuesdayAtOne()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TwoBusinessDays);

        Assert.That(clock.WarningAt(75), Is.EqualTo(Utc(2025, 1, 7, 13)));
    }

    [Test]
    public void WarningAt_SeventyFivePercentAcrossAWeekend_SkipsTheWeekend()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 10, 15), TimeSpan.FromHours(4));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.WarningAt(75), Is.EqualTo(Utc(2025, 1, 13, 10)));
            Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 13, 11)));
        }
    }

    [Test]
    public void WarningAt_DefaultP1FirstResponseOnAlwaysOpen_IsFortyFiveMinutesIn()
    {
        var targets = SlaPolicy.Defaults().For(Priority.P1);
        var clock = new SlaClock(BusinessCalendar.AlwaysOpen, Utc(2025, 1, 11, 23, 30), targets.FirstResponse);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.WarningAt(targets.WarningPercent), Is.EqualTo(Utc(2025, 1, 12, 0, 15)));
            Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 12, 0, 30)));
        }
    }

    [Test]
    public void WarningAt_DefaultP1TimeToOwn_IsElevenMinutesFifteenSecondsIn()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 10), SlaPolicy.Defaults().For(Priority.P1).TimeToOwn);

        Assert.That(clock.WarningAt(75), Is.EqualTo(Utc(2025, 1, 6, 10, 11).AddSeconds(15)));
    }

    [Test]
    public void WarningAt_OpenedOnSaturday_CountsFromMondayOpening()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 11, 12), TimeSpan.FromHours(4));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.WarningAt(75), Is.EqualTo(Utc(2025, 1, 13, 12)));
            Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 13, 13)));
        }
    }

    [TestCase(0)]
    [TestCase(100)]
    public void WarningAt_PercentOutsideOneToNinetyNine_IsRejected(int warningPercent)
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TwoBusinessDays);

        Assert.That(() => clock.WarningAt(warningPercent), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void DueAt_WithPausedTime_MovesLaterByThePausedWorkingTime()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(4), TimeSpan.FromHours(3));

        Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 6, 16)));
    }

    [Test]
    public void DueAt_PausedPastClosing_CarriesOverToTheNextDay()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(4), TimeSpan.FromHours(6));

        Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 7, 11)));
    }

    [Test]
    public void WarningAt_WithPausedTime_MovesLaterByThePausedWorkingTimeToo()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(4), TimeSpan.FromHours(2));

        Assert.That(clock.WarningAt(75), Is.EqualTo(Utc(2025, 1, 6, 14)));
    }

    [Test]
    public void DueAt_PausedOverANightMeasuredOnTheCalendar_OnlyTheWorkingHoursPushItBack()
    {
        // Waiting on the customer from Monday 16:00 to Tuesday 10:00 pauses the clock for two working hours.
        var paused = Office.BusinessTimeBetween(Utc(2025, 1, 6, 16), Utc(2025, 1, 7, 10));
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(8), paused);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paused, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 7, 11)));
        }
    }

    [Test]
    public void StartedAt_WithAnOffset_IsKeptInUtc()
    {
        var clock = new SlaClock(Office, new DateTimeOffset(2025, 1, 6, 11, 0, 0, TimeSpan.FromHours(2)), TimeSpan.FromHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.StartedAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 6, 10)));
        }
    }

    [Test]
    public void EscalationAt_ZeroStepWhenBreachIsAtClosing_IsTheBreachItself()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(8));

        var escalation = clock.EscalationAt(new EscalationStep(TimeSpan.Zero, EscalationAudience.TeamSupervisors));

        Assert.That(escalation, Is.EqualTo(Utc(2025, 1, 6, 17)));
    }

    [Test]
    public void EscalationAt_HourAfterABreachAtClosing_IsNextMorningAtTen()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(8));

        var escalation = clock.EscalationAt(new EscalationStep(TimeSpan.FromMinutes(60), EscalationAudience.Admins));

        Assert.That(escalation, Is.EqualTo(Utc(2025, 1, 7, 10)));
    }

    [Test]
    public void EscalationAt_DefaultStepsOnAlwaysOpen_AreAtBreachAndAnHourLater()
    {
        var targets = SlaPolicy.Defaults().For(Priority.P1);
        var clock = new SlaClock(BusinessCalendar.AlwaysOpen, Utc(2025, 1, 11, 20), targets.Resolution);

        var escalations = targets.Escalation.Select(clock.EscalationAt).ToArray();

        Assert.That(escalations, Is.EqualTo(new[] { Utc(2025, 1, 12, 4), Utc(2025, 1, 12, 5) }));
    }

    [Test]
    public void IsBreachedAt_FromTheDueInstantOn_IsTrue()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.IsBreachedAt(Utc(2025, 1, 6, 10, 59)), Is.False);
            Assert.That(clock.IsBreachedAt(Utc(2025, 1, 6, 11)), Is.True);
            Assert.That(clock.IsBreachedAt(Utc(2025, 1, 7, 9)), Is.True);
        }
    }

    [Test]
    public void RemainingAt_OvernightCountsOnlyWorkingTime_AndIsZeroOnceBreached()
    {
        var clock = new SlaClock(Office, Utc(2025, 1, 6, 9), TwoBusinessDays);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.RemainingAt(Utc(2025, 1, 6, 20)), Is.EqualTo(TimeSpan.FromHours(8)));
            Assert.That(clock.RemainingAt(Utc(2025, 1, 7, 16)), Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(clock.RemainingAt(Utc(2025, 1, 8, 9)), Is.EqualTo(TimeSpan.Zero));
        }
    }

    [Test]
    public void Constructor_ZeroTarget_IsRejected()
    {
        Assert.That(() => new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.Zero), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Constructor_NegativePausedTime_IsRejected()
    {
        Assert.That(
            () => new SlaClock(Office, Utc(2025, 1, 6, 9), TimeSpan.FromHours(1), TimeSpan.FromMinutes(-1)),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
