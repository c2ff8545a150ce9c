using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Handoffs;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class AcceptRaceTests(DatabaseProvider provider) : DeskFixture(provider)
{
    [Test]
    public async Task AcceptTeamHandoff_By20MembersAtOnce_ExactlyOneBecomesOwner()
    {
        var billing = await Desk.AddAgentsAsync(20, Desk.Billing, "Billing Agent");
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var offer = await Desk.OfferAsync(caseId, Desk.Alice, toTeam: Desk.Billing);
        Desk.Clock.Advance(TimeSpan.FromMinutes(4));

        var lostSavesBefore = DeskLogging.LostSaves;
        var attempts = await Race.RunAsync(billing.Count, i => Desk.SendAsync(new AcceptHandoffCommand(billing[i].Id, caseId, offer.HandoffId)));

        var winners = attempts.Select((a, i) => (Attempt: a, Agent: billing[i])).Where(x => x.Attempt.Succeeded).ToList();
        var losers = attempts.Where(a => !a.Succeeded).Select(a => a.Error!).ToList();
        Assert.That(winners, Has.Count.EqualTo(1), () => "exactly one accept wins; errors: " + string.Join("; ", losers.Select(e => e.GetType().Name).Distinct()));
        var winner = winners[0].Agent;

        Warn.If(DeskLogging.LostSaves - lostSavesBefore, Is.Zero, "no save lost the version check: the accepts did not overlap, so the race was not really tested");
        var stored = await Desk.StoredCaseAsync(caseId);
        var timeline = await Desk.StoredTimelineAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(losers, Has.Count.EqualTo(19));
            Assert.That(losers, Is.All.InstanceOf<CaseRuleException>().Or.InstanceOf<ConcurrencyConflictException>(),
                () => "unexpected: " + string.Join("; ", losers.Select(e => $"{e.GetType().Name}: {e.Message}").Distinct()));
            Assert.That(stored.OwnerId, Is.EqualTo(winner.Id));
            Assert.That(stored.OwnerName, Is.EqualTo(winner.Name));
            Assert.That(stored.TeamId, Is.EqualTo(Desk.Billing), "a team hand-off moves the case to that team");
            Assert.That(stored.Handoffs.Single().Status, Is.EqualTo(HandoffStatus.Accepted));
            Assert.That(stored.Handoffs.Single().AnsweredById, Is.EqualTo(winner.Id));
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.HandoffAccepted), Is.EqualTo(1));
            Assert.That(timeline.Single(t => t.Kind == TimelineKind.HandoffAccepted).ActorId, Is.EqualTo(winner.Id));
        }
    }
}
