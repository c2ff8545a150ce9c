using RecoveryDesk.Domain.Cases;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class RecoveryCycleTests
{
    private const string HandoffNote = "Told her a replacement ships Friday; courier claim raised.";

    private static readonly TimelineKind[] FullRecoveryTimeline =
    [
        TimelineKind.Opened, TimelineKind.Claimed, TimelineKind.Reply, TimelineKind.PromiseMade, TimelineKind.HandoffOffered,
        TimelineKind.HandoffAccepted, TimelineKind.PromiseKept, TimelineKind.Resolved, TimelineKind.Closed,
    ];

    private static readonly string[] FullRecoveryActors =
    [
        "Alice Moreau", "Alice Moreau", "Alice Moreau", "Alice Moreau", "Alice Moreau",
        "Ben Okafor", "Ben Okafor", "Ben Okafor", "Ben Okafor",
    ];

    // Hand-off offer and handshake are internal; everything else is the customer's to see.
    private static readonly bool[] FullRecoveryIsPublic = [true, true, true, true, false, false, true, true, true];

    private static readonly string[] FullRecoveryEvents =
    [
        "CaseOpened", "CaseClaimed", "ReplySent", "PromiseMade", "HandoffOffered", "HandoffAccepted", "PromiseKept", "CaseResolved", "CaseClosed",
    ];

    private static readonly TimelineKind[] RockyRecoveryTimeline =
    [
        TimelineKind.Opened, TimelineKind.Claimed, TimelineKind.Reply, TimelineKind.PromiseMade, TimelineKind.WaitingOnCustomer,
        TimelineKind.Resumed, TimelineKind.HandoffOffered, TimelineKind.HandoffDeclined, TimelineKind.HandoffOffered,
        TimelineKind.HandoffExpired, TimelineKind.Reassigned, TimelineKind.PromiseRenegotiated, TimelineKind.PromiseBroken,
        TimelineKind.Resolved, TimelineKind.Reopened, TimelineKind.Resolved, TimelineKind.Closed,
    ];

    [Test]
    public void FullRecovery_OpenToClose_LeavesTheExpectedTimelineInOrder()
    {
        var desk = new CaseBuilder();
        var @case = Case.Open(Alice, MrsHughes, "Parcel arrived damaged", "The vase was broken.", Channel.Phone, "Delivery", Priority.P2, TeamA, desk.Now, out var code);
        desk.Advance(TimeSpan.FromMinutes(4));
        @case.Claim(Alice, desk.Now);
        desk.Advance(TimeSpan.FromMinutes(6));
        @case.Reply(Alice, "Dear Mrs Hughes, I am so sorry; I will sort this out.", desk.Now);
        desk.Advance(TimeSpan.FromMinutes(2));
        var promise = @case.MakePromise(Alice, "A replacement vase by Friday.", desk.Later(TimeSpan.FromDays(3)), desk.Now);
        desk.Advance(TimeSpan.FromMinutes(30));
        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, HandoffNote, desk.Now);
        desk.Advance(TimeSpan.FromMinutes(12));
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);
        desk.Advance(TimeSpan.FromDays(2));
        @case.KeepPromise(Ben, promise.Id, desk.Now);
        desk.Advance(TimeSpan.FromHours(1));
        @case.Resolve(Ben, "Replacement vase delivered and checked.", desk.Now);
        desk.Advance(TimeSpan.FromDays(7));
        @case.Close(Ben, desk.Now);

        var timeline = @case.Timeline;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(timeline.Select(e => e.Kind), Is.EqualTo(FullRecoveryTimeline));
            Assert.That(timeline.Select(e => e.ActorName), Is.EqualTo(FullRecoveryActors));
            Assert.That(timeline.Select(e => e.IsPublic), Is.EqualTo(FullRecoveryIsPublic));
            Assert.That(timeline.Select(e => e.CaseVersion), Is.EqualTo(Enumerable.Range(1, 9)));
            Assert.That(timeline.Select(e => e.At), Is.Ordered.Ascending);
            Assert.That(timeline.Select(e => e.CaseId), Has.All.EqualTo(@case.Id));
            Assert.That(@case.Events.Select(e => e.Name), Is.EqualTo(FullRecoveryEvents));
            Assert.That(@case.Version, Is.EqualTo(9));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(@case.OwnerName, Is.EqualTo("Ben Okafor"));
            Assert.That(@case.FirstResponseAt, Is.EqualTo(Start.AddMinutes(10)));
            Assert.That(((HandoffAccepted)@case.Events[5]).TimeToAccept, Is.EqualTo(TimeSpan.FromMinutes(12)));
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Kept));
            Assert.That(@case.AccessCodeMatches(code), Is.True);
        }
    }

    [Test]
    public void FullRecovery_OpenToClose_ShowsTheCustomerOnlyPublicEntries()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);
        @case.AddNote(Ben, "Customer is a regular; offer a voucher.", desk.Now);
        @case.Resolve(Ben, "Replacement delivered.", desk.Now);
        @case.Close(Ben, desk.Now);

        var customerSees = @case.Timeline.Where(e => e.IsPublic).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(customerSees.Select(e => e.Kind), Is.EqualTo(new[] { TimelineKind.Opened, TimelineKind.Claimed, TimelineKind.Resolved, TimelineKind.Closed }));
            Assert.That(customerSees.Select(e => e.Text), Has.None.Contain("voucher").And.None.Contain("replacement ships Friday"));
        }
    }

    [Test]
    public void RockyRecovery_DeclinedExpiredReassignedAndReopened_KeepsOneOwnerThroughout()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();
        var owners = new List<string?>();

        void Step(TimeSpan wait, Action<DateTimeOffset> act)
        {
            desk.Advance(wait);
            act(desk.Now);
            owners.Add(@case.OwnerName);
        }

        var minute = TimeSpan.FromMinutes(1);
        Promise promise = null!;
        Handoff toTeamB = null!;
        Handoff toBen = null!;
        Step(minute, now => @case.Claim(Alice, now));
        Step(minute, now => @case.Reply(Alice, "We are on it.", now));
        Step(minute, now => promise = @case.MakePromise(Alice, "Call back by 5 pm.", now.AddHours(8), now));
        Step(minute, now => @case.WaitOnCustomer(Alice, now));
        Step(TimeSpan.FromHours(1), now => @case.Resume(Alice, now));
        Step(minute, now => toTeamB = @case.OfferHandoff(Alice, null, TeamB, HandoffNote, now));
        Step(minute, now => @case.DeclineHandoff(Chloe, toTeamB.Id, "Not a courier matter.", now));
        Step(minute, now => toBen = @case.OfferHandoff(Alice, Ben.Id, null, HandoffNote, now));
        Step(TimeSpan.FromMinutes(30), now => Assert.That(@case.ExpireHandoff(toBen.Id, now), Is.True));
        Step(minute, now => @case.Reassign(Sofia, Ben.Id!.Value, Ben.Name, "Alice went home ill.", now));
        Step(minute, now => @case.RenegotiatePromise(Ben, promise.Id, now.AddHours(1), "Told her I took over and will call by 6 pm.", now));
        Step(TimeSpan.FromHours(1), now => Assert.That(@case.BreakPromise(promise.Id, now), Is.True));
        Step(minute, now => @case.Resolve(Ben, "Refund issued.", now));
        Step(TimeSpan.FromDays(1), now => @case.Reopen(TheCustomer, "The refund never arrived.", now));
        Step(TimeSpan.FromHours(2), now => @case.Resolve(Ben, "Refund re-sent; bank confirmed.", now));
        Step(TimeSpan.FromDays(7), now => @case.Close(Sofia, now));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Kinds(), Is.EqualTo(RockyRecoveryTimeline));
            Assert.That(owners, Has.None.Null);
            Assert.That(owners, Is.EqualTo(Enumerable.Repeat("Alice Moreau", 9).Concat(Enumerable.Repeat("Ben Okafor", 7))));
            Assert.That(@case.Version, Is.EqualTo(17));
            Assert.That(@case.ReopenCount, Is.EqualTo(1));
            Assert.That(@case.Handoffs.Select(h => h.Status), Is.EqualTo(new[] { HandoffStatus.Declined, HandoffStatus.Expired }));
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Broken));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Closed));
        }
    }
}
