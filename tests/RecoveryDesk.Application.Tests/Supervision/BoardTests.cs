using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Supervision;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Supervision;

/// <summary>What the supervisor's board shows: breached, at-risk and escalated clocks, and each agent's load.</summary>
public sealed class BoardTests : DeskFixture
{
    [Test]
    public async Task Board_AfterMissedAndThreatenedTargets_ListsThemAndEachAgentsLoad()
    {
        // 09:00: Alice owns one P1 case and is waiting on the customer in another; Ben owns a P2 case;
        // one P1 case stays in the queue.
        var missed = await ClaimedAsync(Desk.Alice, Priority.P1);
        var waiting = await ClaimedAsync(Desk.Alice, Priority.P1);
        await Desk.SendAsync(new WaitOnCustomerCommand(Desk.Alice.Id, waiting));
        var bens = await ClaimedAsync(Desk.Ben, Priority.P2);
        var queued = (await Desk.OpenCaseAsync(Desk.Alice, priority: Priority.P1)).Id;

        // 10:01: Alice's first response and the queued case's time to own and first response are missed.
        Desk.Clock.Advance(TimeSpan.FromMinutes(61));
        foreach (var id in new[] { missed, waiting, bens, queued })
        {
            await Desk.SendAsync(new ActOnDeadlinesCommand(id));
        }

        var fresh = await ClaimedAsync(Desk.Alice, Priority.P1);
        var risky = (await Desk.OpenCaseAsync(Desk.Alice, priority: Priority.P1)).Id;

        // 10:13: the unclaimed P1 case opened at 10:01 has used three quarters of its 15 minutes to own.
        Desk.Clock.Advance(TimeSpan.FromMinutes(12));
        await Desk.SendAsync(new ActOnDeadlinesCommand(risky));
        await Desk.SendAsync(new ActOnDeadlinesCommand(fresh));

        var board = await Desk.SendAsync(new GetBoardQuery(Desk.Sofia.Id));

        var load = board.Load.ToDictionary(l => l.AgentId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(board.Breached.Select(b => b.Case.Id).Distinct(), Is.EquivalentTo(new[] { missed, queued }));
            Assert.That(board.Breached.Select(b => b.DueAt), Is.Ordered.Ascending, "soonest due first");
            Assert.That(board.Breached.Select(b => b.Case.SlaState), Is.All.EqualTo(SlaState.Breached));
            // Told to the team's supervisors at the breach (level 1) is the breach itself: not listed again.
            Assert.That(board.Escalations, Is.Empty);
            Assert.That(board.Breached.Select(b => b.EscalationLevel), Is.All.EqualTo(1));
            Assert.That(board.AtRisk.Select(b => (b.Case.Id, b.Clock)), Is.EqualTo(new[] { (risky, ClockKind.Own) }));
            Assert.That(board.AtRisk[0].Case.SlaState, Is.EqualTo(SlaState.AtRisk));
            Assert.That(board.AtRisk[0].Case.NextDueAt, Is.EqualTo(board.AtRisk[0].DueAt));

            Assert.That(load[Desk.Alice.Id], Is.EqualTo(new AgentLoad(Desk.Alice.Id, "Alice Moreau", OpenCases: 3, BreachedCases: 1, WaitingOnCustomer: 1)));
            Assert.That(load[Desk.Ben.Id], Is.EqualTo(new AgentLoad(Desk.Ben.Id, "Ben Okafor", OpenCases: 1, BreachedCases: 0, WaitingOnCustomer: 0)));
            Assert.That(load[Desk.Chloe.Id].OpenCases, Is.Zero, "agents without cases are listed too");
            Assert.That(board.Load.Select(l => l.OpenCases), Is.Ordered.Descending, "busiest first");
        }
    }

    [Test]
    public async Task Board_AfterTheOwnerMeetsTheBreachedTarget_NoLongerCountsTheBreach()
    {
        var caseId = await ClaimedAsync(Desk.Alice, Priority.P1);
        Desk.Clock.Advance(TimeSpan.FromMinutes(61));
        await Desk.SendAsync(new ActOnDeadlinesCommand(caseId));
        var before = await Desk.SendAsync(new GetBoardQuery(Desk.Sofia.Id));

        await Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, caseId, "Sorry for the wait: a new vase is on its way."));
        var after = await Desk.SendAsync(new GetBoardQuery(Desk.Sofia.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before.Load.Single(l => l.AgentId == Desk.Alice.Id).BreachedCases, Is.EqualTo(1));
            Assert.That(before.Breached.Select(b => b.Case.Id), Is.EqualTo(new[] { caseId }));
            Assert.That(after.Load.Single(l => l.AgentId == Desk.Alice.Id).BreachedCases, Is.Zero);
            Assert.That(after.Breached, Is.Empty);
            Assert.That(after.Escalations, Is.Empty);
        }
    }

    [Test]
    public void Board_ForAnAgent_IsRefused() =>
        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new GetBoardQuery(Desk.Alice.Id)));

    private async Task<Guid> ClaimedAsync(Person owner, Priority priority)
    {
        var opened = await Desk.OpenCaseAsync(owner, priority: priority);
        await Desk.SendAsync(new ClaimCaseCommand(owner.Id, opened.Id));
        return opened.Id;
    }
}
