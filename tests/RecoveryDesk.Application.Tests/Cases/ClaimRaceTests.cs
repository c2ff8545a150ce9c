using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Cases;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ClaimRaceTests(DatabaseProvider provider) : DeskFixture(provider)
{
    [Test]
    public async Task Claim_By50TeamMembersAtOnce_ExactlyOneWinsAndTheRestAreToldItIsTaken()
    {
        var agents = await Desk.AddAgentsAsync(50, Desk.FrontLine, "Queue Agent");
        var opened = await Desk.OpenCaseAsync();

        var lostSavesBefore = DeskLogging.LostSaves;
        var attempts = await Race.RunAsync(agents.Count, i => Desk.SendAsync(new ClaimCaseCommand(agents[i].Id, opened.Id)));

        var winners = attempts.Select((a, i) => (Attempt: a, Agent: agents[i])).Where(x => x.Attempt.Succeeded).ToList();
        var losers = attempts.Where(a => !a.Succeeded).Select(a => a.Error!).ToList();
        Assert.That(winners, Has.Count.EqualTo(1), () => "exactly one claim wins; errors: " + string.Join("; ", losers.Select(e => e.GetType().Name).Distinct()));
        var winner = winners[0].Agent;

        Warn.If(DeskLogging.LostSaves - lostSavesBefore, Is.Zero, "no save lost the version check: the claims did not overlap, so the race was not really tested");
        var stored = await Desk.StoredCaseAsync(opened.Id);
        var timeline = await Desk.StoredTimelineAsync(opened.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(losers, Has.Count.EqualTo(49));
            Assert.That(losers.Select(e => e.GetType()), Is.All.EqualTo(typeof(CaseRuleException)),
                () => "unexpected: " + string.Join("; ", losers.Where(e => e is not CaseRuleException).Select(e => $"{e.GetType().Name}: {e.Message}").Distinct()));
            Assert.That(losers.Select(e => e.Message), Is.All.EqualTo($"{winner.Name} claimed this case a moment ago; it is no longer in the queue."));
            Assert.That(winners[0].Attempt.Result!.Version, Is.EqualTo(2));

            Assert.That(stored.OwnerId, Is.EqualTo(winner.Id));
            Assert.That(stored.OwnerName, Is.EqualTo(winner.Name));
            Assert.That(stored.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(stored.Version, Is.EqualTo(2));
            Assert.That(timeline.Count(t => t.Kind == TimelineKind.Claimed), Is.EqualTo(1));
            Assert.That(timeline.Single(t => t.Kind == TimelineKind.Claimed).ActorId, Is.EqualTo(winner.Id));
            Assert.That(timeline, Has.Count.EqualTo(2));
        }
    }
}
