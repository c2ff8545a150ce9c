using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Tests.Handoffs;

/// <summary>Every way a hand-off can end without acceptance leaves the case with the colleague who offered it.</summary>
public sealed class HandoffOutcomeTests : DeskFixture
{
    [Test]
    public async Task Decline_ByNamedColleague_SenderStaysOwner()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);

        await Desk.SendAsync(new DeclineHandoffCommand(Desk.Ben.Id, caseId, offer.HandoffId, "I am off from tomorrow."));

        var stored = await Desk.StoredCaseAsync(caseId);
        var last = (await Desk.StoredTimelineAsync(caseId))[^1];
        var bensOffers = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Ben.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.OwnerId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(stored.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(stored.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Declined));
            Assert.That(stored.Handoffs.Single().DeclineReason, Is.EqualTo("I am off from tomorrow."));
            Assert.That(last.Kind, Is.EqualTo(TimelineKind.HandoffDeclined));
            Assert.That(last.ActorName, Is.EqualTo("Ben Okafor"));
            Assert.That(last.IsPublic, Is.False);
            Assert.That(bensOffers, Is.Empty);
        }
    }

    [Test]
    public async Task Decline_ByColleagueNotOfferedTo_IsRefusedAndOfferStaysPending()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new DeclineHandoffCommand(Desk.Chloe.Id, caseId, offer.HandoffId, "Not mine.")));

        var stored = await Desk.StoredCaseAsync(caseId);
        Assert.That(stored.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Pending));
    }

    [Test]
    public async Task Cancel_BySender_SenderStaysOwnerAndMayOfferAgain()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);

        await Desk.SendAsync(new CancelHandoffCommand(Desk.Alice.Id, caseId, offer.HandoffId));

        var stored = await Desk.StoredCaseAsync(caseId);
        var last = (await Desk.StoredTimelineAsync(caseId))[^1];
        var chloesOffers = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Chloe.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.OwnerId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(stored.TeamId, Is.EqualTo(Desk.FrontLine));
            Assert.That(stored.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Cancelled));
            Assert.That(last.Kind, Is.EqualTo(TimelineKind.HandoffCancelled));
            Assert.That(last.IsPublic, Is.False);
            Assert.That(chloesOffers, Is.Empty);
        }

        var again = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);
        Assert.That(again.HandoffId, Is.Not.EqualTo(offer.HandoffId));
    }

    [Test]
    public async Task Cancel_ByRecipient_IsRefused()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new CancelHandoffCommand(Desk.Ben.Id, caseId, offer.HandoffId)));

        Assert.That((await Desk.StoredCaseAsync(caseId)).Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Pending));
    }

    [Test]
    public async Task Expire_BeforeExpiresAt_ReturnsFalseAndChangesNothing()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);
        var before = await Desk.StoredCaseAsync(caseId);
        Desk.Clock.SetUtcNow(offer.ExpiresAt - TimeSpan.FromSeconds(1));

        var expired = await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));

        var after = await Desk.StoredCaseAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expired, Is.False);
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(after.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Pending));
        }
    }

    [Test]
    public async Task Expire_AfterExpiresAt_SenderStaysOwnerAndOfferCannotBeAccepted()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);
        Assert.That(offer.ExpiresAt, Is.EqualTo(Desk.Now + TimeSpan.FromMinutes(30)), "the default acknowledgement target");
        Desk.Clock.Advance(TimeSpan.FromMinutes(31));

        var expired = await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));

        var stored = await Desk.StoredCaseAsync(caseId);
        var last = (await Desk.StoredTimelineAsync(caseId))[^1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expired, Is.True);
            Assert.That(stored.OwnerId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(stored.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(stored.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Expired));
            Assert.That(last.Kind, Is.EqualTo(TimelineKind.HandoffExpired));
            Assert.That(last.ActorKind, Is.EqualTo(ActorKind.System));
            Assert.That(last.IsPublic, Is.False);
            Assert.That(last.Text, Does.Contain("Alice Moreau still owns the case"));
        }

        Assert.ThrowsAsync<CaseRuleException>(() => Desk.SendAsync(new AcceptHandoffCommand(Desk.Ben.Id, caseId, offer.HandoffId)));
        Assert.That((await Desk.StoredCaseAsync(caseId)).OwnerId, Is.EqualTo(Desk.Alice.Id));
    }

    [Test]
    public async Task Accept_AfterExpiresAtBeforeTimerRan_IsRefusedAndSenderStaysOwner()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);
        Desk.Clock.SetUtcNow(offer.ExpiresAt);

        Assert.ThrowsAsync<CaseRuleException>(() => Desk.SendAsync(new AcceptHandoffCommand(Desk.Ben.Id, caseId, offer.HandoffId)));

        Assert.That((await Desk.StoredCaseAsync(caseId)).OwnerId, Is.EqualTo(Desk.Alice.Id));
    }

    [Test]
    public async Task Expire_Twice_RecordsOnce()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);
        Desk.Clock.SetUtcNow(offer.ExpiresAt);

        var first = await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));
        var versionAfterFirst = (await Desk.StoredCaseAsync(caseId)).Version;
        Desk.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));

        var stored = await Desk.StoredCaseAsync(caseId);
        var timeline = await Desk.StoredTimelineAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.True);
            Assert.That(second, Is.False);
            Assert.That(stored.Version, Is.EqualTo(versionAfterFirst));
            Assert.That(stored.OwnerId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.HandoffExpired), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Expire_AfterAcceptance_ReturnsFalseAndNewOwnerStays()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);
        await Desk.SendAsync(new AcceptHandoffCommand(Desk.Ben.Id, caseId, offer.HandoffId));
        Desk.Clock.Advance(TimeSpan.FromHours(1));

        var expired = await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));

        var detail = await Desk.SendAsync(new GetCaseQuery(Desk.Sofia.Id, caseId));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expired, Is.False);
            Assert.That(detail.OwnerId, Is.EqualTo(Desk.Ben.Id));
        }
    }
}
