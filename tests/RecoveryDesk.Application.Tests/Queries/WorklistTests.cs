using FluentValidation;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Queries;

/// <summary>What an agent's console lists: the team queue, my cases, and hand-offs waiting for my answer.</summary>
public sealed class WorklistTests : DeskFixture
{
    [Test]
    public async Task Queue_OfTeamMember_ShowsOnlyNewCasesOfMyTeamsOldestFirst()
    {
        var first = await OpenAsync(Desk.FrontLine, "First");
        var claimed = await OpenAsync(Desk.FrontLine, "Claimed");
        var billing = await OpenAsync(Desk.Billing, "Billing");
        var third = await OpenAsync(Desk.FrontLine, "Third");
        await Desk.SendAsync(new ClaimCaseCommand(Desk.Ben.Id, claimed));
        // Activity on the oldest case does not move it back: the queue is by arrival.
        Desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await Desk.SendAsync(new AddNoteCommand(Desk.Ben.Id, first, "Customer rang again."));

        var alices = await Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id));
        var chloes = await Desk.SendAsync(new GetQueueQuery(Desk.Chloe.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(alices.Select(c => c.Id), Is.EqualTo(new[] { first, third }));
            Assert.That(alices.Select(c => c.Status), Is.All.EqualTo(CaseStatus.New));
            Assert.That(alices.Select(c => c.OwnerId), Is.All.Null);
            Assert.That(chloes.Select(c => c.Id), Is.EqualTo(new[] { billing }));
        }
    }

    [Test]
    public async Task Queue_OfMemberOfBothTeams_ShowsBothQueuesMerged()
    {
        var both = await Desk.AddStaffAsync("Eve Both", StaffRoleNames.Agent, Desk.FrontLine, Desk.Billing);
        var frontLine = await OpenAsync(Desk.FrontLine, "Front");
        var billing = await OpenAsync(Desk.Billing, "Bill");

        var queue = await Desk.SendAsync(new GetQueueQuery(both.Id));

        Assert.That(queue.Select(c => c.Id), Is.EqualTo(new[] { frontLine, billing }));
    }

    [Test]
    public async Task Queue_OfSupervisorWithoutTeams_IsEmpty()
    {
        await OpenAsync(Desk.FrontLine, "Front");

        var queue = await Desk.SendAsync(new GetQueueQuery(Desk.Sofia.Id));

        Assert.That(queue, Is.Empty);
    }

    [Test]
    public async Task Queue_LongerThanTheDefault_ShowsTheOldestHundredUnlessAskedForMore()
    {
        var opened = new List<Guid>();
        for (var i = 0; i < GetQueueQuery.DefaultLimit + 1; i++)
        {
            Desk.Clock.Advance(TimeSpan.FromSeconds(1));
            opened.Add((await Desk.OpenCaseAsync(Desk.Alice, Desk.FrontLine, $"Case {i}")).Id);
        }

        var first = await Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id));
        var top = await Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id, Limit: 2));
        var all = await Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id, Limit: GetQueueQuery.MaxLimit));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Select(c => c.Id), Is.EqualTo(opened.Take(GetQueueQuery.DefaultLimit)), "the oldest hundred, oldest first");
            Assert.That(top.Select(c => c.Id), Is.EqualTo(opened.Take(2)));
            Assert.That(all.Select(c => c.Id), Is.EqualTo(opened));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(GetQueueQuery.MaxLimit + 1)]
    public void Queue_WithLimitOutOfRange_IsRefused(int limit)
    {
        var error = Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id, limit)));

        Assert.That(error!.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(GetQueueQuery.Limit) }));
    }

    [Test]
    public async Task MyCases_ShowsCasesIOwnUntilClosed()
    {
        var open = await Desk.ClaimedCaseAsync(Desk.Alice);
        var resolved = await Desk.ClaimedCaseAsync(Desk.Alice);
        var closed = await Desk.ClaimedCaseAsync(Desk.Alice);
        await Desk.ClaimedCaseAsync(Desk.Ben);
        await OpenAsync(Desk.FrontLine, "Unclaimed");
        await Desk.SendAsync(new ResolveCaseCommand(Desk.Alice.Id, resolved, "Done."));
        await Desk.SendAsync(new ResolveCaseCommand(Desk.Alice.Id, closed, "Done."));
        await Desk.SendAsync(new CloseCaseCommand(Desk.Alice.Id, closed));

        var mine = await Desk.SendAsync(new GetMyCasesQuery(Desk.Alice.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mine.Select(c => c.Id), Is.EqualTo(new[] { open, resolved }));
            Assert.That(mine.Select(c => c.OwnerId), Is.All.EqualTo(Desk.Alice.Id));
        }
    }

    [Test]
    public async Task MyCases_AfterHandoffAccepted_MovesToTheNewOwner()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toAgent: Desk.Ben);
        var alicesWhilePending = await Desk.SendAsync(new GetMyCasesQuery(Desk.Alice.Id));
        await Desk.SendAsync(new AcceptHandoffCommand(Desk.Ben.Id, caseId, offer.HandoffId));

        var alices = await Desk.SendAsync(new GetMyCasesQuery(Desk.Alice.Id));
        var bens = await Desk.SendAsync(new GetMyCasesQuery(Desk.Ben.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(alicesWhilePending.Select(c => c.Id), Is.EqualTo(new[] { caseId }), "the sender owns it while the offer is pending");
            Assert.That(alicesWhilePending.Single().HasPendingHandoff, Is.True);
            Assert.That(alices, Is.Empty);
            Assert.That(bens.Select(c => c.Id), Is.EqualTo(new[] { caseId }));
        }
    }

    [Test]
    public async Task MyHandoffs_ShowsOffersToMeByNameOrToMyTeamOnly()
    {
        var toBen = await Desk.ClaimedCaseAsync(Desk.Alice);
        var toBilling = await Desk.ClaimedCaseAsync(Desk.Alice);
        var toFrontLine = await Desk.ClaimedCaseAsync(Desk.Alice);
        var toBenOffer = await Desk.OfferAsync(toBen, Desk.Alice, toAgent: Desk.Ben);
        Desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var toBillingOffer = await Desk.OfferAsync(toBilling, Desk.Alice, toTeam: Desk.Billing);
        Desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var toFrontLineOffer = await Desk.OfferAsync(toFrontLine, Desk.Alice, toTeam: Desk.FrontLine);

        var bens = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Ben.Id));
        var chloes = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Chloe.Id));
        var dans = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Dan.Id));
        var alices = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Alice.Id));
        var sofias = await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Sofia.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bens.Select(h => h.HandoffId), Is.EqualTo(new[] { toFrontLineOffer.HandoffId, toBenOffer.HandoffId }), "by name and to his team, newest first");
            Assert.That(chloes.Select(h => h.HandoffId), Is.EqualTo(new[] { toBillingOffer.HandoffId }));
            Assert.That(dans.Select(h => h.HandoffId), Is.EqualTo(new[] { toBillingOffer.HandoffId }));
            Assert.That(alices, Is.Empty, "the sender is not asked to answer her own offer, even to her own team");
            Assert.That(sofias, Is.Empty);

            var offer = bens[^1];
            Assert.That(offer.CaseId, Is.EqualTo(toBen));
            Assert.That(offer.FromAgentId, Is.EqualTo(Desk.Alice.Id));
            Assert.That(offer.FromAgentName, Is.EqualTo("Alice Moreau"));
            Assert.That(offer.ToAgentId, Is.EqualTo(Desk.Ben.Id));
            Assert.That(offer.Note, Is.EqualTo("Customer was promised a refund; card details are on file."));
            Assert.That(offer.ExpiresAt, Is.EqualTo(toBenOffer.ExpiresAt));
            Assert.That(offer.Version, Is.EqualTo(toBenOffer.Version));
            Assert.That(offer.Subject, Is.EqualTo("Parcel arrived damaged"));
        }
    }

    [Test]
    public async Task MyHandoffs_AfterTeamOfferAnswered_NoLongerShownToTheTeam()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);

        await Desk.SendAsync(new AcceptHandoffCommand(Desk.Chloe.Id, caseId, offer.HandoffId));

        Assert.That(await Desk.SendAsync(new GetMyHandoffsQuery(Desk.Dan.Id)), Is.Empty);
    }

    private async Task<Guid> OpenAsync(Guid team, string subject)
    {
        Desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var by = team == Desk.Billing ? Desk.Chloe : Desk.Alice;
        return (await Desk.OpenCaseAsync(by, team, subject)).Id;
    }
}
