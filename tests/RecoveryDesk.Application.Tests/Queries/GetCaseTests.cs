using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Queries;

public sealed class GetCaseTests : DeskFixture
{
    [Test]
    public async Task GetCase_WithPendingHandoffAndPromises_ShowsBoth()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var later = await Desk.PromiseAsync(caseId, Desk.Alice, TimeSpan.FromHours(5));
        var sooner = await Desk.PromiseAsync(caseId, Desk.Alice, TimeSpan.FromHours(2));
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);

        var detail = await Desk.SendAsync(new GetCaseQuery(Desk.Chloe.Id, caseId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(detail.OwnerId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(detail.OwnerName, Is.EqualTo("Alice Moreau"));
            Assert.That(detail.Customer, Is.EqualTo(new CustomerView("Margaret Hughes", "customer@example.com", "+44 20 7946 0000", null, true)));
            Assert.That(detail.Subject, Is.EqualTo("Parcel arrived damaged"));
            Assert.That(detail.TeamName, Is.EqualTo("Front Line"));
            Assert.That(detail.Version, Is.EqualTo(offer.Version));

            Assert.That(detail.PendingHandoff, Is.Not.Null);
            Assert.That(detail.PendingHandoff!.Id, Is.EqualTo(offer.HandoffId));
            Assert.That(detail.PendingHandoff.FromAgentId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(detail.PendingHandoff.FromAgentName, Is.EqualTo("Alice Moreau"));
            Assert.That(detail.PendingHandoff.ToTeamId, Is.EqualTo(Desk.Billing));
            Assert.That(detail.PendingHandoff.ToAgentId, Is.Null);
            Assert.That(detail.PendingHandoff.Note, Is.EqualTo("Customer was promised a refund; card details are on file."));
            Assert.That(detail.PendingHandoff.OfferedAt, Is.EqualTo(Desk.Now));
            Assert.That(detail.PendingHandoff.ExpiresAt, Is.EqualTo(offer.ExpiresAt));
            Assert.That(detail.PendingHandoff.Status, Is.EqualTo(HandoffStatus.Pending));

            Assert.That(detail.Promises.Select(p => p.Id), Is.EqualTo(new[] { sooner.PromiseId, later.PromiseId }), "soonest due first");
            Assert.That(detail.Promises.Select(p => p.Status), Is.All.EqualTo(PromiseStatus.Open));
            Assert.That(detail.Promises[0].DueAt, Is.EqualTo(Desk.Now + TimeSpan.FromHours(2)));
        }
    }

    [Test]
    public async Task GetCase_AfterHandoffAccepted_ShowsNewOwnerAndNoPendingHandoff()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);
        await Desk.SendAsync(new AcceptHandoffCommand(Desk.Chloe.Id, caseId, offer.HandoffId));

        var detail = await Desk.SendAsync(new GetCaseQuery(Desk.Alice.Id, caseId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.PendingHandoff, Is.Null);
            Assert.That(detail.OwnerId, Is.EqualTo(Desk.Chloe.Id));
            Assert.That(detail.TeamId, Is.EqualTo(Desk.Billing));
            Assert.That(detail.TeamName, Is.EqualTo("Billing"));
        }
    }

    [Test]
    public void GetCase_UnknownId_IsNotFound()
    {
        Assert.ThrowsAsync<NotFoundException>(() => Desk.SendAsync(new GetCaseQuery(Desk.Alice.Id, Guid.NewGuid())));
    }
}
