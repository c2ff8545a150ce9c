using RecoveryDesk.Domain.Cases;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

/// <summary>Offers the desk makes: from the queue (offered assignment) and for an away owner (cover).</summary>
public sealed class OfferTests
{
    // ---- From the queue ----

    [Test]
    public void OfferFromQueue_ToAColleague_LeavesTheCaseInTheQueueWithNobodyOwningIt()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        @case.AwaitOffer(desk.Now);

        var offer = @case.OfferFromQueue(Ben.Id!.Value, Ben.Name, "Front Line", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.Kind, Is.EqualTo(HandoffKind.Queue));
            Assert.That(offer.FromAgentId, Is.Null, "nobody sent it");
            Assert.That(offer.ToAgentId, Is.EqualTo(Ben.Id));
            Assert.That(@case.OwnerId, Is.Null);
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.New));
            Assert.That(@case.AwaitsOffer, Is.False, "one offer at a time");
            Assert.That(@case.AllowedActions(Ben, desk.Now), Does.Contain(CaseAction.Accept).And.Contain(CaseAction.Claim));
            Assert.That(@case.AllowedActions(Alice, desk.Now), Does.Not.Contain(CaseAction.Accept).And.Contain(CaseAction.Claim));
        }
    }

    [Test]
    public void OfferFromQueue_WhenNotAwaitingAnOffer_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.OfferFromQueue(Ben.Id!.Value, Ben.Name, "Front Line", desk.Now), Throws.TypeOf<CaseRuleException>());
    }

    [Test]
    public void AcceptingAnOfferFromTheQueue_IsAClaim_MeetingTheTimeToOwn()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        @case.AwaitOffer(desk.Now);
        var offer = @case.OfferFromQueue(Ben.Id!.Value, Ben.Name, "Front Line", desk.Now);
        desk.Advance(TimeSpan.FromMinutes(2));

        @case.AcceptHandoff(Ben, offer.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.ClaimedAt, Is.EqualTo(desk.Now));
            Assert.That(@case.Clocks.Single(c => c.Kind == ClockKind.Own).MetAt, Is.EqualTo(desk.Now));
            Assert.That(@case.Timeline.Any(t => t.Kind == TimelineKind.Claimed && t.IsPublic), Is.True, "the customer sees who took it");
        }
    }

    [Test]
    public void ClaimByHand_AgainstAPendingOfferFromTheQueue_WithdrawsTheOffer()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        @case.AwaitOffer(desk.Now);
        var offer = @case.OfferFromQueue(Ben.Id!.Value, Ben.Name, "Front Line", desk.Now);

        @case.Claim(Alice, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(offer.Status, Is.EqualTo(HandoffStatus.Cancelled));
            Assert.That(() => @case.AcceptHandoff(Ben, offer.Id, desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("cancelled"));
        }
    }

    [Test]
    public void DecliningOrLettingAnOfferLapse_AwaitsTheNextOffer_AndNeverOffersItToThemAgain()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        @case.AwaitOffer(desk.Now);
        var first = @case.OfferFromQueue(Ben.Id!.Value, Ben.Name, "Front Line", desk.Now);
        @case.DeclineHandoff(Ben, first.Id, "On a site visit.", desk.Now);
        Assert.That(@case.AwaitsOffer, Is.True);

        var second = @case.OfferFromQueue(Alice.Id!.Value, Alice.Name, "Front Line", desk.Now);
        desk.Advance(second.ExpiresAt - desk.Now);
        @case.ActOnDeadlines(desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Status, Is.EqualTo(HandoffStatus.Expired));
            Assert.That(@case.AwaitsOffer, Is.True);
            Assert.That(@case.PassedFromQueue, Is.EquivalentTo(new[] { Ben.Id!.Value, Alice.Id!.Value }));
            Assert.That(() => @case.OfferFromQueue(Ben.Id!.Value, Ben.Name, "Front Line", desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("already passed"));
        }
    }

    [Test]
    public void LeaveInQueue_StopsOffering_AndTellsTheSupervisorsWhy()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        @case.AwaitOffer(desk.Now);
        @case.DequeueEvents();

        @case.LeaveInQueue("Nobody on Front Line is available with room for the case.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.AwaitsOffer, Is.False);
            Assert.That(@case.DequeueEvents().OfType<OffersExhausted>().Single().Reason, Does.Contain("Nobody on Front Line"));
            Assert.That(@case.Timeline[^1].Kind, Is.EqualTo(TimelineKind.LeftInQueue));
        }
    }

    // ---- Cover ----

    [Test]
    public void OfferCover_ToTheSubstitute_KeepsTheOwner_WithANoteOfWhatMatters()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        @case.MakePromise(Alice, "Call back about the refund", desk.Later(TimeSpan.FromDays(1)), desk.Now);

        var cover = @case.OfferCover(Ben.Id, "Alice Moreau is away.", "Where is my refund?", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cover, Is.Not.Null);
            Assert.That(cover!.Kind, Is.EqualTo(HandoffKind.Cover));
            Assert.That(cover.FromAgentId, Is.EqualTo(Alice.Id), "on the owner's behalf");
            Assert.That(cover.ToAgentId, Is.EqualTo(Ben.Id));
            Assert.That(cover.Note, Does.Contain("Alice Moreau is away.").And.Contain("Where is my refund?").And.Contain("Call back about the refund").And.Contain("Next due"));
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.AllowedActions(Alice, desk.Now), Does.Contain(CaseAction.Cancel), "back from leave, the owner may withdraw it");
        }
    }

    [Test]
    public void OfferCover_WithoutASubstitute_GoesToTheTeam_AndNotTwice()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        var cover = @case.OfferCover(null, "Alice Moreau is off shift.", null, desk.Now);
        var again = @case.OfferCover(null, "Alice Moreau is off shift.", null, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cover!.ToTeamId, Is.EqualTo(TeamA));
            Assert.That(cover.Note, Does.Contain("No open promises."));
            Assert.That(again, Is.Null, "an offer is already waiting");
        }
    }

    [Test]
    public void OfferCover_OnACaseNobodyOwns_DoesNothing()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(@case.OfferCover(Ben.Id, "Nobody owns it.", null, desk.Now), Is.Null);
    }
}
