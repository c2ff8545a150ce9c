using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class ReassignTests
{
    private const string Reason = "Alice is off sick this week.";

    private static IEnumerable<TestCaseData> NotSupervisors()
    {
        yield return new TestCaseData(Alice).SetArgDisplayNames("owner");
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague");
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    [Test]
    public void Reassign_BySupervisor_MovesOwnership()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);

        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Ben Okafor"));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
        }
    }

    [Test]
    public void Reassign_BySupervisor_IsRecordedAsSuchWithBothOwnersAndReason()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);

        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", "  " + Reason + " ", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Reassigned));
            Assert.That(entry.ActorName, Is.EqualTo("Sofia Lind"));
            Assert.That(entry.IsPublic, Is.False);
            Assert.That(entry.Text, Does.Contain("Alice Moreau").And.Contain("Ben Okafor").And.EndsWith(Reason));
        }
    }

    [Test]
    public void Reassign_BySupervisor_RaisesCaseReassignedAndBumpsVersionOnce()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);
        var version = @case.Version;

        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseReassigned(@case.Id, desk.Now, Alice.Id, Ben.Id!.Value, Sofia.Id!.Value)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
            Assert.That(@case.LastActivityAt, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void Reassign_NewCase_TakesItOutOfTheQueue()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", "Urgent; Ben knows this customer.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.ClaimedAt, Is.EqualTo(desk.Now));
            Assert.That(@case.LastEntry().Text, Does.Contain("the queue"));
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseReassigned(@case.Id, desk.Now, null, Ben.Id!.Value, Sofia.Id!.Value)));
        }
    }

    [Test]
    public void Reassign_WithPendingHandoff_CancelsTheOffer()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);
        var version = @case.Version;

        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.PendingHandoff, Is.Null);
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Cancelled));
            Assert.That(handoff.AnsweredByName, Is.EqualTo("Sofia Lind"));
            Assert.That(handoff.AnsweredAt, Is.EqualTo(desk.Now));
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA), "the team offer was never accepted");
            Assert.That(@case.Events[^2], Is.EqualTo(new HandoffCancelled(@case.Id, desk.Now, handoff.Id, null, TeamB)), "the team is told the offer is off");
            Assert.That(@case.Events[^1], Is.TypeOf<CaseReassigned>());
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [Test]
    public void Reassign_WithPendingHandoff_TheCancelledOfferCanNoLongerBeAccepted()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);
        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now);

        Assert.That(() => @case.AcceptHandoff(Chloe, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("Sofia Lind"));
        Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
    }

    [TestCaseSource(nameof(NotSupervisors))]
    public void Reassign_ByNonSupervisor_IsForbidden(Actor someone)
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.Reassign(someone, Chloe.Id!.Value, "Chloe Tan", Reason, desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("supervisor"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(handoff.IsPending, Is.True);
        }
    }

    [Test]
    public void Reassign_ByAdminWithoutSupervisorRole_IsForbidden()
    {
        var desk = new CaseBuilder();
        var admin = Actor.Staff(Guid.NewGuid(), "Ada Admin", [TeamA], StaffRoles.Admin | StaffRoles.Agent);
        var @case = desk.Claimed(Alice);

        Assert.That(() => @case.Reassign(admin, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now), Throws.TypeOf<NotAllowedException>());
    }

    [Test]
    public void Reassign_ClosedCase_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Closed();

        Assert.That(() => @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("reopen it first"));
        Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
    }

    [TestCase(CaseStatus.WaitingOnCustomer)]
    [TestCase(CaseStatus.Resolved)]
    public void Reassign_ClaimedCaseNotClosed_MovesOwnershipAndKeepsStatus(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.Status, Is.EqualTo(status));
        }
    }

    [Test]
    public void Reassign_ToCurrentOwner_IsRefusedNamingThem()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);
        var version = @case.Version;

        Assert.That(() => @case.Reassign(Sofia, Alice.Id!.Value, "Alice Moreau", Reason, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("Alice Moreau already owns"));
        Assert.That(@case.Version, Is.EqualTo(version));
    }

    [Test]
    public void Reassign_ToCurrentOwnerWhileOfferPending_LeavesOfferPending()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.Reassign(Sofia, Alice.Id!.Value, "Alice Moreau", Reason, desk.Now), Throws.TypeOf<CaseRuleException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handoff.IsPending, Is.True);
            Assert.That(@case.Events.OfType<HandoffCancelled>(), Is.Empty);
        }
    }

    [Test]
    public void Reassign_ToAgentOfAnotherTeam_NewOwnerCanWorkTheCase()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);
        @case.Reassign(Sofia, Chloe.Id!.Value, "Chloe Tan", Reason, desk.Now);

        @case.Reply(Chloe, "I am looking after your case now.", desk.Now);

        Assert.That(@case.LastEntry().ActorName, Is.EqualTo("Chloe Tan"));
    }

    [Test]
    public void Reassign_ThenOldOwner_CanNoLongerAct()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed(Alice);
        @case.Reassign(Sofia, Ben.Id!.Value, "Ben Okafor", Reason, desk.Now);

        Assert.That(() => @case.Resolve(Alice, "Done.", desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("Ben Okafor"));
    }
}
