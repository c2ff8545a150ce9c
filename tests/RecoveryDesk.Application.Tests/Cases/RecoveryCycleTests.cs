using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Promises;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Tests.Cases;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class RecoveryCycleTests(DatabaseProvider provider) : DeskFixture(provider)
{
    private static readonly int[] VersionAfterEachStep = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static readonly TimelineKind[] CycleKinds =
    [
        TimelineKind.Opened,
        TimelineKind.Claimed,
        TimelineKind.Reply,
        TimelineKind.PromiseMade,
        TimelineKind.HandoffOffered,
        TimelineKind.HandoffAccepted,
        TimelineKind.PromiseKept,
        TimelineKind.Resolved,
        TimelineKind.Closed,
    ];

    private static readonly string[] CycleActors =
    [
        "Alice Moreau", "Alice Moreau", "Alice Moreau", "Alice Moreau", "Alice Moreau",
        "Ben Okafor", "Ben Okafor", "Ben Okafor", "Ben Okafor",
    ];

    // The hand-off is internal; everything else is shown to the customer.
    private static readonly bool[] CycleVisibility = [true, true, true, true, false, false, true, true, true];

    [Test]
    public async Task FullCycle_OpenToClose_LeavesExactTimelineAndFinalOwner()
    {
        var (alice, ben) = (Desk.Alice, Desk.Ben);
        var opened = await Desk.OpenCaseAsync(alice);
        var caseId = opened.Id;

        Desk.Clock.Advance(TimeSpan.FromMinutes(2));
        var claimed = await Desk.SendAsync(new ClaimCaseCommand(alice.Id, caseId));
        Desk.Clock.Advance(TimeSpan.FromMinutes(3));
        var replied = await Desk.SendAsync(new ReplyToCaseCommand(alice.Id, caseId, "I am sorry about the vase; I am arranging a refund."));
        var promised = await Desk.SendAsync(new MakePromiseCommand(alice.Id, caseId, "I will call you back by 3 pm", Desk.Now + TimeSpan.FromHours(6)));
        Desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var offered = await Desk.OfferAsync(caseId, alice, toAgent: ben);
        Desk.Clock.Advance(TimeSpan.FromMinutes(12));
        var accepted = await Desk.SendAsync(new AcceptHandoffCommand(ben.Id, caseId, offered.HandoffId));
        Desk.Clock.Advance(TimeSpan.FromHours(1));
        var kept = await Desk.SendAsync(new KeepPromiseCommand(ben.Id, caseId, promised.PromiseId));
        var resolved = await Desk.SendAsync(new ResolveCaseCommand(ben.Id, caseId, "Refunded in full and a replacement sent."));
        Desk.Clock.Advance(TimeSpan.FromDays(1));
        var closed = await Desk.SendAsync(new CloseCaseCommand(ben.Id, caseId));

        var timeline = await Desk.SendAsync(new GetTimelineQuery(ben.Id, caseId));
        var detail = await Desk.SendAsync(new GetCaseQuery(ben.Id, caseId));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                new[] { opened.Version, claimed.Version, replied.Version, promised.Version, offered.Version, accepted.Version, kept.Version, resolved.Version, closed.Version },
                Is.EqualTo(VersionAfterEachStep),
                "each write bumps the version by one");
            Assert.That(timeline.Select(t => t.Kind), Is.EqualTo(CycleKinds));
            Assert.That(timeline.Select(t => t.ActorName), Is.EqualTo(CycleActors));
            Assert.That(timeline.Select(t => t.IsPublic), Is.EqualTo(CycleVisibility));
            Assert.That(timeline.Select(t => t.ActorKind), Is.All.EqualTo(ActorKind.Staff));
            Assert.That(timeline[5].Text, Is.EqualTo("Ben Okafor accepted the hand-off from Alice Moreau after 12 min."));
            Assert.That(timeline[5].SubjectId, Is.EqualTo(offered.HandoffId));
            Assert.That(timeline[6].SubjectId, Is.EqualTo(promised.PromiseId));

            Assert.That(detail.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(detail.OwnerId, Is.EqualTo(ben.Id));
            Assert.That(detail.OwnerName, Is.EqualTo("Ben Okafor"));
            Assert.That(detail.Version, Is.EqualTo(9));
            Assert.That(detail.TeamId, Is.EqualTo(Desk.FrontLine));
            Assert.That(detail.TeamName, Is.EqualTo("Front Line"));
            Assert.That(detail.ClaimedAt, Is.EqualTo(DeskHarness.Start + TimeSpan.FromMinutes(2)));
            Assert.That(detail.FirstResponseAt, Is.EqualTo(DeskHarness.Start + TimeSpan.FromMinutes(5)));
            Assert.That(detail.ClosedAt, Is.EqualTo(Desk.Now));
            Assert.That(detail.ResolutionSummary, Is.EqualTo("Refunded in full and a replacement sent."));
            Assert.That(detail.PendingHandoff, Is.Null);
            Assert.That(detail.Promises.Select(p => p.Status), Is.EqualTo(new[] { PromiseStatus.Kept }));
        }
    }
}
