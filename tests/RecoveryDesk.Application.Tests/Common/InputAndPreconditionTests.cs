using FluentValidation;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Promises;
using RecoveryDesk.Application.Supervision;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Common;

/// <summary>Bad input, stale versions and deactivated staff are refused before anything is written.</summary>
public sealed class InputAndPreconditionTests : DeskFixture
{
    private Guid _caseId;

    [SetUp]
    public async Task ClaimOneCaseAsync()
    {
        _caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
    }

    private static IEnumerable<TestCaseData> BadText()
    {
        yield return new TestCaseData(string.Empty).SetArgDisplayNames("empty");
        yield return new TestCaseData("   \n\t ").SetArgDisplayNames("whitespace");
        yield return new TestCaseData(new string('x', Limits.LongText + 1)).SetArgDisplayNames("one over the limit");
        yield return new TestCaseData("Bell\u0007 in the text").SetArgDisplayNames("control character");
    }

    [TestCaseSource(nameof(BadText))]
    public async Task Reply_WithBadText_IsRejectedAndChangesNothing(string text)
    {
        var before = await SnapshotAsync();

        var error = Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, _caseId, text)));

        Assert.That(error!.Errors.Select(e => e.PropertyName), Has.Member(nameof(ReplyToCaseCommand.Text)));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Reply_AtExactLimit_IsAccepted()
    {
        var written = await Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, _caseId, new string('x', Limits.LongText)));

        Assert.That(written.Version, Is.EqualTo(3));
    }

    [TestCaseSource(nameof(BadText))]
    public async Task Note_WithBadText_IsRejectedAndChangesNothing(string text)
    {
        var before = await SnapshotAsync();

        Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new AddNoteCommand(Desk.Alice.Id, _caseId, text)));

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task OtherCommands_WithBadInput_AreRejectedAndChangeNothing()
    {
        var before = await SnapshotAsync();
        var tooLongReason = new string('r', Limits.Reason + 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ResolveCaseCommand(Desk.Alice.Id, _caseId, "")));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new MakePromiseCommand(Desk.Alice.Id, _caseId, "", Desk.Now.AddHours(1))));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new MakePromiseCommand(Desk.Alice.Id, _caseId, "Call back", default)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OfferHandoffCommand(Desk.Alice.Id, _caseId, Desk.Ben.Id, null, "")));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OfferHandoffCommand(Desk.Alice.Id, _caseId, Desk.Ben.Id, Desk.Billing, "Both targets")));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OfferHandoffCommand(Desk.Alice.Id, _caseId, null, null, "No target")));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OfferHandoffCommand(Desk.Alice.Id, _caseId, Guid.NewGuid(), null, "Nobody of that id")));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OfferHandoffCommand(Desk.Alice.Id, _caseId, null, Guid.NewGuid(), "No team of that id")));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ReassignCaseCommand(Desk.Sofia.Id, _caseId, Desk.Ben.Id, tooLongReason)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ClaimCaseCommand(Desk.Alice.Id, Guid.Empty)));
        }

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Open_WithBadInput_IsRejectedAndStoresNoCase()
    {
        var before = await Desk.StoredCaseCountAsync();
        var customer = new CustomerInput("Margaret Hughes", "m.hughes@example.com", null, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer, "", "Broken vase", Channel.Phone, null, Priority.P2, Desk.FrontLine)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer, new string('s', Limits.Subject + 1), "Broken vase", Channel.Phone, null, Priority.P2, Desk.FrontLine)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer with { Email = null }, "Vase", "Broken vase", Channel.Phone, null, Priority.P2, Desk.FrontLine)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer with { Email = "not an email" }, "Vase", "Broken vase", Channel.Phone, null, Priority.P2, Desk.FrontLine)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer, "Vase", "Broken vase", (Channel)42, null, Priority.P2, Desk.FrontLine)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer, "Vase", "Broken vase", Channel.Phone, null, (Priority)9, Desk.FrontLine)));
            Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new OpenCaseCommand(Desk.Alice.Id, customer, "Vase", "Broken vase", Channel.Phone, null, Priority.P2, Guid.NewGuid())));
        }

        Assert.That(await Desk.StoredCaseCountAsync(), Is.EqualTo(before));
    }

    [TestCase(0, 25)]
    [TestCase(-1, 25)]
    [TestCase(1, 0)]
    [TestCase(1, Limits.MaxPageSize + 1)]
    [TestCase(Limits.MaxPage + 1, 25)]
    public void List_WithBadPaging_IsRejected(int page, int pageSize)
    {
        var error = Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ListCasesQuery(Desk.Alice.Id, Page: page, PageSize: pageSize)));

        Assert.That(error!.Errors.Select(e => e.PropertyName), Has.Some.AnyOf(nameof(ListCasesQuery.Page), nameof(ListCasesQuery.PageSize)));
    }

    [Test]
    public void List_WithOverLongSearch_IsRejected()
    {
        Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ListCasesQuery(Desk.Alice.Id, Q: new string('q', 101))));
    }

    [Test]
    public async Task Reply_WithStaleExpectedVersion_FailsPreconditionAndChangesNothing()
    {
        var read = await Desk.SendAsync(new GetCaseQuery(Desk.Alice.Id, _caseId));
        await Desk.SendAsync(new AddNoteCommand(Desk.Ben.Id, _caseId, "Ben got in first."));
        var before = await SnapshotAsync();

        Assert.ThrowsAsync<PreconditionFailedException>(() => Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, _caseId, "Hello", read.Version)));

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Offer_WithStaleExpectedVersion_FailsPreconditionAndNoHandoffIsStored()
    {
        var read = await Desk.SendAsync(new GetCaseQuery(Desk.Alice.Id, _caseId));
        await Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, _caseId, "Replied from another tab."));
        var before = await SnapshotAsync();

        Assert.ThrowsAsync<PreconditionFailedException>(() => Desk.SendAsync(new OfferHandoffCommand(Desk.Alice.Id, _caseId, Desk.Ben.Id, null, "Take over", read.Version)));

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That((await Desk.StoredCaseAsync(_caseId)).Handoffs, Is.Empty);
    }

    [Test]
    public async Task Reply_WithCurrentExpectedVersion_IsWritten()
    {
        var read = await Desk.SendAsync(new GetCaseQuery(Desk.Alice.Id, _caseId));

        var written = await Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, _caseId, "Hello", read.Version));

        Assert.That(written.Version, Is.EqualTo(read.Version + 1));
    }

    [Test]
    public async Task Claim_ByDeactivatedTeamMember_IsRefused()
    {
        var opened = await Desk.OpenCaseAsync(Desk.Alice);
        await Desk.DeactivateAsync(Desk.Ben.Id);

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new ClaimCaseCommand(Desk.Ben.Id, opened.Id)));

        var stored = await Desk.StoredCaseAsync(opened.Id);
        Assert.That(stored.OwnerId, Is.Null);
        Assert.That(stored.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Commands_ByDeactivatedOwner_AreRefusedAndChangeNothing()
    {
        var offer = await Desk.OfferAsync(_caseId, Desk.Alice, toAgent: Desk.Ben);
        await Desk.DeactivateAsync(Desk.Alice.Id);
        var before = await SnapshotAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, _caseId, "Hello")));
            Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new CancelHandoffCommand(Desk.Alice.Id, _caseId, offer.HandoffId)));
            Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new ResolveCaseCommand(Desk.Alice.Id, _caseId, "Done")));
            Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new OpenCaseCommand(
                Desk.Alice.Id, new CustomerInput("Tom Baker", "tom@example.com", null, null), "Late", "Late parcel", Channel.Email, null, Priority.P3, Desk.FrontLine)));
            Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new GetQueueQuery(Desk.Alice.Id)));
            Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new GetCaseQuery(Desk.Alice.Id, _caseId)));
        }

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Offer_ToDeactivatedColleague_IsRejected()
    {
        await Desk.DeactivateAsync(Desk.Ben.Id);

        var error = Assert.ThrowsAsync<ValidationException>(() => Desk.OfferAsync(_caseId, Desk.Alice, toAgent: Desk.Ben));

        Assert.That(error!.Errors.Select(e => e.PropertyName), Has.Member(nameof(OfferHandoffCommand.ToAgentId)));
        Assert.That((await Desk.StoredCaseAsync(_caseId)).Handoffs, Is.Empty);
    }

    [Test]
    public async Task Accept_ByColleagueDeactivatedAfterTheOffer_IsRefusedAndSenderStaysOwner()
    {
        var offer = await Desk.OfferAsync(_caseId, Desk.Alice, toAgent: Desk.Ben);
        await Desk.DeactivateAsync(Desk.Ben.Id);

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new AcceptHandoffCommand(Desk.Ben.Id, _caseId, offer.HandoffId)));

        Assert.That((await Desk.StoredCaseAsync(_caseId)).OwnerId, Is.EqualTo(Desk.Alice.Id));
    }

    [Test]
    public async Task Reassign_ToDeactivatedColleague_IsRejected()
    {
        await Desk.DeactivateAsync(Desk.Ben.Id);

        Assert.ThrowsAsync<ValidationException>(() => Desk.SendAsync(new ReassignCaseCommand(Desk.Sofia.Id, _caseId, Desk.Ben.Id, "Covering")));

        Assert.That((await Desk.StoredCaseAsync(_caseId)).OwnerId, Is.EqualTo(Desk.Alice.Id));
    }

    /// <summary>What a refused command must leave untouched: owner, status, version and the timeline's length.</summary>
    private async Task<(Guid? Owner, CaseStatus Status, int Version, int Entries, int Handoffs, int Promises)> SnapshotAsync()
    {
        var stored = await Desk.StoredCaseAsync(_caseId);
        var timeline = await Desk.StoredTimelineAsync(_caseId);
        return (stored.OwnerId, stored.Status, stored.Version, timeline.Count, stored.Handoffs.Count, stored.Promises.Count);
    }
}
