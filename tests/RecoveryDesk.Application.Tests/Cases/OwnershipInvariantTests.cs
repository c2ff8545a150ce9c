using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Promises;
using RecoveryDesk.Application.Supervision;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Cases;

/// <summary>
/// Drives one claimed case through a long, seeded-random mix of commands by random people and checks
/// after every step that the case still has exactly one named owner, that ownership moved only by
/// an accepted hand-off or a reassignment, and that at most one hand-off is pending.
/// </summary>
public sealed class OwnershipInvariantTests : DeskFixture
{
    private const int Steps = 300;

    private enum Move
    {
        Reply,
        Note,
        WaitOnCustomer,
        Resume,
        MakePromise,
        KeepPromise,
        RenegotiatePromise,
        BreakPromise,
        OfferToColleague,
        OfferToTeam,
        Accept,
        Decline,
        Cancel,
        Expire,
        Reassign,
        Resolve,
        Reopen,
        Close,
        Claim,
    }

    // The sequence must have exercised these, or it proved little about ownership.
    private static readonly Move[] OwnershipMoves = [Move.Accept, Move.Decline, Move.Expire, Move.Reassign];

    // Weighted so that offers are answered often enough before they expire.
    private static readonly (Move Move, int Weight)[] MoveWeights =
    [
        (Move.Reply, 2), (Move.Note, 1), (Move.WaitOnCustomer, 1), (Move.Resume, 2),
        (Move.MakePromise, 2), (Move.KeepPromise, 1), (Move.RenegotiatePromise, 1), (Move.BreakPromise, 1),
        (Move.OfferToColleague, 3), (Move.OfferToTeam, 3), (Move.Accept, 4), (Move.Decline, 3), (Move.Cancel, 1), (Move.Expire, 1),
        (Move.Reassign, 2), (Move.Resolve, 2), (Move.Reopen, 2), (Move.Close, 1), (Move.Claim, 1),
    ];

    [TestCase(20261122)]
    [TestCase(11)]
    public async Task MixedCommands_AfterClaim_CaseNeverBecomesOwnerless(int seed)
    {
        var random = new Random(seed);
        var people = new[] { Desk.Alice, Desk.Ben, Desk.Chloe, Desk.Dan, Desk.Sofia };
        var teams = new[] { Desk.FrontLine, Desk.Billing };
        var moves = MoveWeights.SelectMany(m => Enumerable.Repeat(m.Move, m.Weight)).ToArray();
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var succeeded = new Dictionary<Move, int>();
        var before = await Desk.StoredCaseAsync(caseId);

        for (var step = 0; step < Steps; step++)
        {
            var owner = people.Single(p => p.Id == before.OwnerId);
            var move = moves[random.Next(moves.Length)];
            var pending = before.Handoffs.SingleOrDefault(h => h.IsPending);
            // Half the moves are made by the person the rules expect, so the case really moves on; the rest test who may not.
            var actor = random.Next(2) == 0 ? ExpectedActor(move, owner, pending, people, random) : people[random.Next(people.Length)];
            var promise = before.Promises.Where(p => p.IsOutstanding).Select(p => (Guid?)p.Id).FirstOrDefault()
                ?? (before.Promises.Count > 0 ? before.Promises[random.Next(before.Promises.Count)].Id : Guid.NewGuid());
            Desk.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 6)));

            var label = $"step {step}: {move} by {actor.Name} on a {before.Status} case owned by {owner.Name}";
            try
            {
                await PlayAsync(move, actor, caseId, pending, promise, random, people, teams);
                succeeded[move] = succeeded.GetValueOrDefault(move) + 1;
            }
            catch (Exception e) when (e is CaseRuleException or NotAllowedException)
            {
                // The rules refused it; the checks below make sure the refusal changed nothing that matters.
            }
            catch (Exception e)
            {
                Assert.Fail($"{label} threw {e.GetType().Name}: {e.Message}");
            }

            var after = await Desk.StoredCaseAsync(caseId);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(after.OwnerId, Is.Not.Null, label);
                Assert.That(after.OwnerName, Is.Not.Null.And.Not.Empty, label);
                Assert.That(people.Any(p => p.Id == after.OwnerId && p.Name == after.OwnerName), Is.True, label);
                Assert.That(after.Status, Is.Not.EqualTo(CaseStatus.New), label);
                Assert.That(after.Handoffs.Count(h => h.IsPending), Is.LessThanOrEqualTo(1), label);
                if (after.OwnerId != before.OwnerId)
                {
                    Assert.That(move, Is.AnyOf(Move.Accept, Move.Reassign), $"{label}: ownership moved without a handshake or a reassignment");
                }
            }

            before = after;
        }

        await TestContext.Out.WriteLineAsync("succeeded: " + string.Join(", ", succeeded.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value}")));
        var timeline = await Desk.StoredTimelineAsync(caseId);
        var stored = await Desk.StoredCaseAsync(caseId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(succeeded.Keys, Is.SupersetOf(OwnershipMoves),
                "the sequence exercised the ownership moves");
            Assert.That(succeeded.ContainsKey(Move.Claim), Is.False, "a claimed case is never claimable again");
            Assert.That(timeline.Select(t => t.Kind), Has.Exactly(1).EqualTo(TimelineKind.Claimed));
            Assert.That(timeline.Select(t => t.ActorName), Has.None.Null.And.None.Empty);
            Assert.That(timeline.Select(t => t.CaseVersion), Is.EqualTo(Enumerable.Range(1, stored.Version)), "one entry per version, none lost");
        }
    }

    private Person ExpectedActor(Move move, Person owner, Handoff? pending, Person[] people, Random random)
    {
        if (move is Move.Accept or Move.Decline && pending is not null)
        {
            var recipients = pending.ToAgentId is { } agent
                ? people.Where(p => p.Id == agent).ToArray()
                : pending.ToTeamId == Desk.FrontLine ? [Desk.Alice, Desk.Ben] : [Desk.Chloe, Desk.Dan];
            return recipients[random.Next(recipients.Length)];
        }

        return move == Move.Reassign ? Desk.Sofia : owner;
    }

    private async Task PlayAsync(Move move, Person actor, Guid caseId, Handoff? pending, Guid promiseId, Random random, Person[] people, Guid[] teams)
    {
        var handoffId = pending?.Id ?? Guid.NewGuid();
        switch (move)
        {
            case Move.Reply:
                await Desk.SendAsync(new ReplyToCaseCommand(actor.Id, caseId, "We are on it."));
                break;
            case Move.Note:
                await Desk.SendAsync(new AddNoteCommand(actor.Id, caseId, "Checked the courier's records."));
                break;
            case Move.WaitOnCustomer:
                await Desk.SendAsync(new WaitOnCustomerCommand(actor.Id, caseId));
                break;
            case Move.Resume:
                await Desk.SendAsync(new ResumeCaseCommand(actor.Id, caseId));
                break;
            case Move.MakePromise:
                await Desk.SendAsync(new MakePromiseCommand(actor.Id, caseId, "I will call you back", Desk.Now + TimeSpan.FromHours(random.Next(1, 8))));
                break;
            case Move.KeepPromise:
                await Desk.SendAsync(new KeepPromiseCommand(actor.Id, caseId, promiseId));
                break;
            case Move.RenegotiatePromise:
                await Desk.SendAsync(new RenegotiatePromiseCommand(actor.Id, caseId, promiseId, Desk.Now + TimeSpan.FromHours(12), "Told the customer the courier is late."));
                break;
            // BreakPromise and Expire are the timers firing after a long and a short while: each acts on whatever is due.
            case Move.BreakPromise:
                Desk.Clock.Advance(TimeSpan.FromMinutes(random.Next(0, 240)));
                await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));
                break;
            case Move.OfferToColleague:
                await Desk.SendAsync(new OfferHandoffCommand(actor.Id, caseId, people[random.Next(people.Length)].Id, null, "Please take over."));
                break;
            case Move.OfferToTeam:
                await Desk.SendAsync(new OfferHandoffCommand(actor.Id, caseId, null, teams[random.Next(teams.Length)], "Please take over."));
                break;
            case Move.Accept:
                await Desk.SendAsync(new AcceptHandoffCommand(actor.Id, caseId, handoffId));
                break;
            case Move.Decline:
                await Desk.SendAsync(new DeclineHandoffCommand(actor.Id, caseId, handoffId, "Too busy."));
                break;
            case Move.Cancel:
                await Desk.SendAsync(new CancelHandoffCommand(actor.Id, caseId, handoffId));
                break;
            case Move.Expire:
                Desk.Clock.Advance(TimeSpan.FromMinutes(random.Next(0, 45)));
                await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));
                break;
            case Move.Reassign:
                await Desk.SendAsync(new ReassignCaseCommand(actor.Id, caseId, people[random.Next(people.Length)].Id, "Covering for leave."));
                break;
            case Move.Resolve:
                await Desk.SendAsync(new ResolveCaseCommand(actor.Id, caseId, "Refunded."));
                break;
            case Move.Reopen:
                await Desk.SendAsync(new ReopenCaseCommand(actor.Id, caseId, "The customer wrote again."));
                break;
            case Move.Close:
                await Desk.SendAsync(new CloseCaseCommand(actor.Id, caseId));
                break;
            case Move.Claim:
                await Desk.SendAsync(new ClaimCaseCommand(actor.Id, caseId));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(move), move, "unknown move");
        }
    }
}
