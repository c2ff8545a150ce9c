using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Common;

/// <summary>How overlapping writes to one case settle: merged when harmless, refused when the rules or If-Match say so.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ConcurrentWriteTests(DatabaseProvider provider) : DeskFixture(provider)
{
    [Test]
    public async Task Notes_ByFiveColleaguesAtOnce_AllAreKept()
    {
        // Each lost save means another writer committed, so five writers lose at most four times: within the retries.
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var writers = new[] { Desk.Alice, Desk.Ben, Desk.Chloe, Desk.Dan, Desk.Sofia };

        var attempts = await Race.RunAsync(writers.Length, i => Desk.SendAsync(new AddNoteCommand(writers[i].Id, caseId, $"Note from {writers[i].Name}")));

        var stored = await Desk.StoredCaseAsync(caseId);
        var timeline = await Desk.StoredTimelineAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts.Where(a => !a.Succeeded).Select(a => a.Error!.Message), Is.Empty);
            Assert.That(attempts.Select(a => a.Result!.Version), Is.EquivalentTo(new[] { 3, 4, 5, 6, 7 }));
            Assert.That(stored.Version, Is.EqualTo(7));
            Assert.That(timeline.Where(t => t.Kind == TimelineKind.Note).Select(t => t.ActorName), Is.EquivalentTo(writers.Select(w => w.Name)));
            Assert.That(timeline.Select(t => t.CaseVersion), Is.EqualTo(Enumerable.Range(1, 7)));
        }
    }

    [Test]
    public async Task Replies_WithSameExpectedVersionAtOnce_OnlyOneIsWritten()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);

        var attempts = await Race.RunAsync(10, i => Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, caseId, $"Reply {i}", ExpectedVersion: 2)));

        var timeline = await Desk.StoredTimelineAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts.Count(a => a.Succeeded), Is.EqualTo(1));
            Assert.That(attempts.Where(a => !a.Succeeded).Select(a => a.Error), Is.All.InstanceOf<PreconditionFailedException>());
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.Reply), Is.EqualTo(1));
            Assert.That((await Desk.StoredCaseAsync(caseId)).Version, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task AcceptAndCancel_AtOnce_ExactlyOneTakesEffect()
    {
        var billing = await Desk.AddAgentsAsync(9, Desk.Billing, "Billing Agent");
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);

        // Contender 0 is the sender withdrawing the offer; the others are the team accepting it.
        var attempts = await Race.RunAsync(billing.Count + 1, i => i == 0
            ? Desk.SendAsync(new CancelHandoffCommand(Desk.Alice.Id, caseId, offer.HandoffId))
            : Desk.SendAsync(new AcceptHandoffCommand(billing[i - 1].Id, caseId, offer.HandoffId)));

        var stored = await Desk.StoredCaseAsync(caseId);
        var handoff = stored.Handoffs.Single();
        var timeline = await Desk.StoredTimelineAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts.Count(a => a.Succeeded), Is.EqualTo(1));
            Assert.That(attempts.Where(a => !a.Succeeded).Select(a => a.Error), Is.All.InstanceOf<CaseRuleException>());
            Assert.That(timeline.Count(t => t.Kind is TimelineKind.HandoffAccepted or TimelineKind.HandoffCancelled), Is.EqualTo(1));
            if (attempts[0].Succeeded)
            {
                Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Cancelled));
                Assert.That(stored.OwnerId, Is.EqualTo(Desk.Alice.Id));
            }
            else
            {
                Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Accepted));
                Assert.That(stored.OwnerId, Is.EqualTo(handoff.AnsweredById));
                Assert.That(billing.Select(b => (Guid?)b.Id), Has.Member(stored.OwnerId));
            }
        }
    }
}
