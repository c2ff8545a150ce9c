using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Supervision;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Supervision;

public sealed class ReassignTests : DeskFixture
{
    [Test]
    public async Task Reassign_BySupervisor_MovesOwnershipAndSaysSo()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);

        await Desk.SendAsync(new ReassignCaseCommand(Desk.Sofia.Id, caseId, Desk.Ben.Id, "Alice is on leave."));

        var stored = await Desk.StoredCaseAsync(caseId);
        var last = (await Desk.StoredTimelineAsync(caseId))[^1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.OwnerId, Is.EqualTo(Desk.Ben.Id));
            Assert.That(stored.OwnerName, Is.EqualTo("Ben Okafor"));
            Assert.That(last.Kind, Is.EqualTo(TimelineKind.Reassigned));
            Assert.That(last.ActorName, Is.EqualTo("Sofia Lind"));
            Assert.That(last.IsPublic, Is.False);
            Assert.That(last.Text, Does.Contain("from Alice Moreau to Ben Okafor").And.Contain("Alice is on leave."));
        }
    }

    [Test]
    public async Task Reassign_WithPendingHandoff_WithdrawsTheOffer()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);

        await Desk.SendAsync(new ReassignCaseCommand(Desk.Sofia.Id, caseId, Desk.Ben.Id, "Alice is on leave."));

        var stored = await Desk.StoredCaseAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.OwnerId, Is.EqualTo(Desk.Ben.Id));
            Assert.That(stored.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Cancelled));
            Assert.That(await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Chloe.Id)), Is.Empty);
        }

        Assert.ThrowsAsync<CaseRuleException>(() => Desk.SendAsync(new AcceptHandoffCommand(Desk.Chloe.Id, caseId, offer.HandoffId)));
        Assert.That((await Desk.StoredCaseAsync(caseId)).OwnerId, Is.EqualTo(Desk.Ben.Id));
    }

    [Test]
    public async Task Reassign_ByAgent_IsRefused()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new ReassignCaseCommand(Desk.Ben.Id, caseId, Desk.Ben.Id, "I'll take it.")));

        Assert.That((await Desk.StoredCaseAsync(caseId)).OwnerId, Is.EqualTo(Desk.Alice.Id));
    }

    [Test]
    public async Task Reassign_NewCaseFromQueue_GivesItAnOwner()
    {
        var opened = await Desk.OpenCaseAsync();

        await Desk.SendAsync(new ReassignCaseCommand(Desk.Sofia.Id, opened.Id, Desk.Ben.Id, "Ben knows this customer."));

        var detail = await Desk.SendAsync(new GetCaseQuery(Desk.Sofia.Id, opened.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.OwnerId, Is.EqualTo(Desk.Ben.Id));
            Assert.That(detail.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(await Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id)), Is.Empty);
        }
    }
}
