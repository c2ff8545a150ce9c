using System.Text.Json;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;
using static RecoveryDesk.Domain.Tests.Sla.Calendars;

namespace RecoveryDesk.Domain.Tests.Sla;

public sealed class SlaPolicyTests
{
    private static readonly EscalationStep[] SupervisorsThenAdmins =
    [
        new(TimeSpan.Zero, EscalationAudience.TeamSupervisors),
        new(TimeSpan.FromHours(1), EscalationAudience.Admins),
    ];

    // Minutes of working time; a business day is 8 hours (480 minutes).
    [TestCase(Priority.P1, 15, 60, 480)]
    [TestCase(Priority.P2, 60, 240, 960)]
    [TestCase(Priority.P3, 240, 480, 2400)]
    [TestCase(Priority.P4, 480, 960, 4800)]
    public void Defaults_Targets_AreTheAgreedOnes(Priority priority, int ownMinutes, int respondMinutes, int resolveMinutes)
    {
        var targets = SlaPolicy.Defaults().For(priority);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(targets.Priority, Is.EqualTo(priority));
            Assert.That(targets.TimeToOwn, Is.EqualTo(TimeSpan.FromMinutes(ownMinutes)));
            Assert.That(targets.FirstResponse, Is.EqualTo(TimeSpan.FromMinutes(respondMinutes)));
            Assert.That(targets.Resolution, Is.EqualTo(TimeSpan.FromMinutes(resolveMinutes)));
            Assert.That(targets.WarningPercent, Is.EqualTo(75));
            Assert.That(targets.HandoffAcknowledgement, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(targets.Escalation, Is.EqualTo(SupervisorsThenAdmins));
        }
    }

    [Test]
    public void Defaults_LowerPriority_NeverHasATighterTarget()
    {
        var targets = SlaPolicy.Defaults().Targets;

        for (var i = 1; i < targets.Count; i++)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(targets[i].TimeToOwn, Is.GreaterThan(targets[i - 1].TimeToOwn));
                Assert.That(targets[i].FirstResponse, Is.GreaterThan(targets[i - 1].FirstResponse));
                Assert.That(targets[i].Resolution, Is.GreaterThan(targets[i - 1].Resolution));
            }
        }
    }

    [Test]
    public void Defaults_TimeToOwn_NeverExceedsFirstResponseOrFirstResponseResolution()
    {
        foreach (var targets in SlaPolicy.Defaults().Targets)
        {
            Assert.That(targets.TimeToOwn, Is.LessThanOrEqualTo(targets.FirstResponse).And.LessThan(targets.Resolution), targets.Priority.ToString());
        }
    }

    [Test]
    public void Defaults_P4FirstResponseOnNineToFive_IsTwoBusinessDays()
    {
        var clock = new SlaClock(LondonOffice(), Utc(2025, 1, 6, 9), SlaPolicy.Defaults().For(Priority.P4).FirstResponse);

        Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 7, 17)));
    }

    [Test]
    public void Defaults_P4ResolutionOnNineToFive_IsTenBusinessDays()
    {
        var clock = new SlaClock(LondonOffice(), Utc(2025, 1, 6, 9), SlaPolicy.Defaults().For(Priority.P4).Resolution);

        Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 17, 17)));
    }

    [Test]
    public void Defaults_P1ResolutionOnAlwaysOpen_IsEightRealHours()
    {
        var clock = new SlaClock(BusinessCalendar.AlwaysOpen, Utc(2025, 1, 11, 22), SlaPolicy.Defaults().For(Priority.P1).Resolution);

        Assert.That(clock.DueAt, Is.EqualTo(Utc(2025, 1, 12, 6)));
    }

    [Test]
    public void Defaults_AreEqualEachTime()
    {
        var first = SlaPolicy.Defaults();
        var second = SlaPolicy.Defaults();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.Not.SameAs(first));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(second.GetHashCode(), Is.EqualTo(first.GetHashCode()));
        }
    }

    [Test]
    public void Targets_AreListedInPriorityOrder()
    {
        var shuffled = new SlaPolicy([.. SlaPolicy.Defaults().Targets.Reverse()]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(shuffled.Targets.Select(t => t.Priority), Is.EqualTo(new[] { Priority.P1, Priority.P2, Priority.P3, Priority.P4 }));
            Assert.That(shuffled, Is.EqualTo(SlaPolicy.Defaults()));
        }
    }

    [Test]
    public void Policy_StoredAsJsonAndReadBack_IsEqual()
    {
        var json = JsonSerializer.Serialize(SlaPolicy.Defaults());

        var restored = JsonSerializer.Deserialize<SlaPolicy>(json);

        Assert.That(restored, Is.EqualTo(SlaPolicy.Defaults()));
    }

    [Test]
    public void Policy_MissingAPriority_IsRejected()
    {
        var withoutP3 = SlaPolicy.Defaults().Targets.Where(t => t.Priority != Priority.P3).ToArray();

        Assert.That(
            () => new SlaPolicy(withoutP3),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("The SLA policy has no targets for P3."));
    }

    [Test]
    public void Policy_APriorityTwice_IsRejected()
    {
        var defaults = SlaPolicy.Defaults().Targets;

        Assert.That(
            () => new SlaPolicy([.. defaults, defaults[1]]),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("The SLA policy gives targets for P2 2 times; give them once."));
    }

    [Test]
    public void Policy_EmptyEntry_IsRejected()
    {
        Assert.That(() => new SlaPolicy([.. SlaPolicy.Defaults().Targets, null!]), Throws.TypeOf<SlaSettingsException>());
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void Targets_NotPositiveTimeToOwn_IsRejected(int minutes)
    {
        Assert.That(
            () => Targets(timeToOwn: TimeSpan.FromMinutes(minutes)),
            Throws.TypeOf<SlaSettingsException>().With.Message.StartsWith("The P2 time-to-own target must be longer than zero"));
    }

    [TestCase(0)]
    [TestCase(-90)]
    public void Targets_NotPositiveFirstResponse_IsRejected(int minutes)
    {
        Assert.That(
            () => Targets(firstResponse: TimeSpan.FromMinutes(minutes)),
            Throws.TypeOf<SlaSettingsException>().With.Message.StartsWith("The P2 first-response target must be longer than zero"));
    }

    [Test]
    public void Targets_NegativeResolution_SaysHowNegative()
    {
        Assert.That(
            () => Targets(resolution: TimeSpan.FromMinutes(-90)),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("The P2 resolution target must be longer than zero, not -1 h 30 min."));
    }

    [Test]
    public void Targets_ZeroResolution_IsRejected()
    {
        Assert.That(
            () => Targets(resolution: TimeSpan.Zero),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("The P2 resolution target must be longer than zero, not 0 min."));
    }

    [Test]
    public void Targets_ZeroHandoffAcknowledgement_IsRejected()
    {
        Assert.That(
            () => Targets(handoffAcknowledgement: TimeSpan.Zero),
            Throws.TypeOf<SlaSettingsException>().With.Message.StartsWith("The P2 hand-off acknowledgement target must be longer than zero"));
    }

    [Test]
    public void Targets_LongerThanAYear_IsRejected()
    {
        Assert.That(
            () => Targets(resolution: TimeSpan.FromDays(400)),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("The P2 resolution target of 400 d is longer than a year."));
    }

    [TestCase(0)]
    [TestCase(100)]
    [TestCase(-75)]
    public void Targets_WarningOutsideOneToNinetyNinePercent_IsRejected(int warningPercent)
    {
        Assert.That(
            () => Targets(warningPercent: warningPercent),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo(
                $"The P2 warning threshold must be between 1 % and 99 % of the target, not {warningPercent} %."));
    }

    [TestCase(1)]
    [TestCase(99)]
    public void Targets_WarningAtTheEdges_IsAccepted(int warningPercent)
    {
        Assert.That(Targets(warningPercent: warningPercent).WarningPercent, Is.EqualTo(warningPercent));
    }

    [Test]
    public void Targets_EscalationStepsOutOfOrder_AreRejected()
    {
        EscalationStep[] steps = [new(TimeSpan.FromHours(1), EscalationAudience.Admins), new(TimeSpan.FromMinutes(30), EscalationAudience.TeamSupervisors)];

        Assert.That(
            () => Targets(escalation: steps),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo(
                "P2 escalation steps must be in increasing order of time after the breach, but TeamSupervisors at 30 min follows Admins at 1 h."));
    }

    [Test]
    public void Targets_TwoEscalationStepsAtTheSameTime_AreRejected()
    {
        EscalationStep[] steps = [new(TimeSpan.FromHours(1), EscalationAudience.TeamSupervisors), new(TimeSpan.FromHours(1), EscalationAudience.Admins)];

        Assert.That(() => Targets(escalation: steps), Throws.TypeOf<SlaSettingsException>().With.Message.Contains("increasing order"));
    }

    [Test]
    public void Targets_EscalationBeforeTheBreach_IsRejected()
    {
        EscalationStep[] steps = [new(TimeSpan.FromMinutes(-10), EscalationAudience.TeamSupervisors)];

        Assert.That(
            () => Targets(escalation: steps),
            Throws.TypeOf<SlaSettingsException>().With.Message.EqualTo("A P2 escalation step cannot come before the breach: TeamSupervisors at -10 min."));
    }

    [Test]
    public void Targets_EscalationToAnUnknownAudience_IsRejected()
    {
        EscalationStep[] steps = [new(TimeSpan.Zero, (EscalationAudience)7)];

        Assert.That(() => Targets(escalation: steps), Throws.TypeOf<SlaSettingsException>());
    }

    [Test]
    public void Targets_NoEscalationSteps_AreAllowed()
    {
        Assert.That(Targets(escalation: []).Escalation, Is.Empty);
    }

    [Test]
    public void Targets_EscalationList_IsCopiedSoLaterChangesDoNotLeakIn()
    {
        var steps = new List<EscalationStep>(SupervisorsThenAdmins);
        var targets = Targets(escalation: steps);

        steps.Add(new EscalationStep(TimeSpan.FromMinutes(10), EscalationAudience.Admins));

        Assert.That(targets.Escalation, Has.Count.EqualTo(2));
    }

    [Test]
    public void Targets_UnknownPriority_IsRejected()
    {
        Assert.That(
            () => new SlaTargets((Priority)12, TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), 75, TimeSpan.FromMinutes(30), []),
            Throws.TypeOf<SlaSettingsException>());
    }

    [Test]
    public void WarningAfter_SeventyFivePercent_IsThreeQuartersOfTheTarget()
    {
        var targets = SlaPolicy.Defaults().For(Priority.P1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(targets.WarningAfter(targets.TimeToOwn), Is.EqualTo(new TimeSpan(0, 11, 15)));
            Assert.That(targets.WarningAfter(targets.FirstResponse), Is.EqualTo(TimeSpan.FromMinutes(45)));
            Assert.That(targets.WarningAfter(targets.Resolution), Is.EqualTo(TimeSpan.FromHours(6)));
        }
    }

    private static SlaTargets Targets(
        TimeSpan? timeToOwn = null,
        TimeSpan? firstResponse = null,
        TimeSpan? resolution = null,
        int warningPercent = 75,
        TimeSpan? handoffAcknowledgement = null,
        IReadOnlyList<EscalationStep>? escalation = null) =>
        new(
            Priority.P2,
            timeToOwn ?? TimeSpan.FromHours(1),
            firstResponse ?? TimeSpan.FromHours(4),
            resolution ?? TimeSpan.FromHours(16),
            warningPercent,
            handoffAcknowledgement ?? TimeSpan.FromMinutes(30),
            escalation ?? SupervisorsThenAdmins);
}
