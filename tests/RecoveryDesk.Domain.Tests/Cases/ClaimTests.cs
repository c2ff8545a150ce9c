using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class ClaimTests
{
    private static IEnumerable<TestCaseData> OutsidersOfTeamA()
    {
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor outside the team");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    [Test]
    public void Claim_NewCaseByTeamMember_MakesThemTheOwner()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        @case.Claim(Ben, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Ben Okafor"));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.IsActive, Is.True);
            Assert.That(@case.ClaimedAt, Is.EqualTo(desk.Now));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
        }
    }

    [Test]
    public void Claim_NewCase_TellsCustomerWhoTookOwnership()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        @case.Claim(Ben, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Timeline, Has.Count.EqualTo(2));
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Claimed));
            Assert.That(entry.ActorName, Is.EqualTo("Ben Okafor"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Does.Contain("Ben Okafor"));
            Assert.That(entry.At, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void Claim_NewCase_RaisesCaseClaimedAndBumpsVersion()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var version = @case.Version;

        @case.Claim(Ben, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseClaimed(@case.Id, desk.Now, Ben.Id!.Value, TeamA)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
            Assert.That(@case.LastActivityAt, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void Claim_AlreadyClaimedByColleague_IsConflictNamingTheOwner()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);

        Assert.That(() => @case.Claim(Ben, desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("Alice Moreau"));
        Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
    }

    [Test]
    public void Claim_AlreadyOwnedByClaimer_IsConflictSayingTheyOwnIt()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);

        Assert.That(() => @case.Claim(Alice, desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("You already own this case"));
    }

    [TestCaseSource(nameof(OutsidersOfTeamA))]
    public void Claim_ByOutsiderOfTheTeam_IsForbidden(Actor outsider)
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.Claim(outsider, desk.Now), Throws.TypeOf<NotAllowedException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.New));
            Assert.That(@case.OwnerId, Is.Null);
        }
    }

    [Test]
    public void Claim_ByAgentOfAnotherTeam_SaysOnlyTheTeamCanClaim()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.Claim(Chloe, desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("team"));
    }

    [Test]
    public void Claim_CaseInTeamBQueue_IsForTeamBOnly()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened(TeamB);

        Assert.That(() => @case.Claim(Alice, desk.Now), Throws.TypeOf<NotAllowedException>());
        @case.Claim(Chloe, desk.Now);
        Assert.That(@case.OwnerName, Is.EqualTo("Chloe Tan"));
    }

    [Test]
    public void Claim_ManySimultaneousClaims_ExactlyOneWins()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var team = Enumerable.Range(1, 10)
            .Select(i => Actor.Staff(Guid.NewGuid(), $"Agent {i}", [TeamA], StaffRoles.Agent))
            .ToList();

        var outcomes = team.Select(agent =>
        {
            try
            {
                @case.Claim(agent, desk.Now);
                return "won";
            }
            catch (CaseRuleException)
            {
                return "conflict";
            }
        }).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Count(o => o == "won"), Is.EqualTo(1));
            Assert.That(outcomes.Count(o => o == "conflict"), Is.EqualTo(9));
            Assert.That(@case.OwnerName, Is.EqualTo("Agent 1"));
            Assert.That(@case.Timeline.Count(e => e.Kind == TimelineKind.Claimed), Is.EqualTo(1));
            Assert.That(@case.Events.OfType<CaseClaimed>().Count(), Is.EqualTo(1));
        }
    }

    [TestCase(CaseStatus.Open)]
    [TestCase(CaseStatus.WaitingOnCustomer)]
    [TestCase(CaseStatus.Resolved)]
    [TestCase(CaseStatus.Closed)]
    public void Claim_CaseNoLongerInQueue_IsConflict(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        Assert.That(() => @case.Claim(Ben, desk.Now), Throws.TypeOf<CaseRuleException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.Status, Is.EqualTo(status));
        }
    }

    [Test]
    public void Claim_Refused_LeavesCaseUntouched()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);
        var version = @case.Version;
        var entries = @case.Timeline.Count;
        var events = @case.Events.Count;
        var lastActivity = @case.LastActivityAt;

        Assert.That(() => @case.Claim(Ben, desk.Now), Throws.TypeOf<CaseRuleException>());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Timeline, Has.Count.EqualTo(entries));
            Assert.That(@case.Events, Has.Count.EqualTo(events));
            Assert.That(@case.LastActivityAt, Is.EqualTo(lastActivity));
        }
    }
}
