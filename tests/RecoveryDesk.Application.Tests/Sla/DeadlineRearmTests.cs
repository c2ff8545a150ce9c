using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Promises;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Sla;

/// <summary>The re-arm on start reads only the times deadlines need; it must arrive at the deadlines the aggregate itself states.</summary>
public sealed class DeadlineRearmTests : DeskFixture
{
    [Test]
    public async Task ReadPending_CasesInEveryState_AgreesWithTheAggregates()
    {
        var unclaimed = (await Desk.OpenCaseAsync(priority: Priority.P1)).Id;
        var breached = (await Desk.OpenCaseAsync(priority: Priority.P1)).Id;
        var promised = await Desk.ClaimedCaseAsync(Desk.Alice);
        var reminded = await Desk.PromiseAsync(promised, Desk.Alice, TimeSpan.FromHours(2));
        await Desk.PromiseAsync(promised, Desk.Alice, TimeSpan.FromDays(2));
        var offered = await Desk.ClaimedCaseAsync(Desk.Ben);
        await Desk.OfferAsync(offered, Desk.Ben, toAgent: Desk.Alice);
        var waiting = await Desk.ClaimedCaseAsync(Desk.Alice);
        await Desk.PromiseAsync(waiting, Desk.Alice, TimeSpan.FromHours(5));
        await Desk.SendAsync(new WaitOnCustomerCommand(Desk.Alice.Id, waiting));
        var renegotiated = await Desk.ClaimedCaseAsync(Desk.Alice);
        var moved = await Desk.PromiseAsync(renegotiated, Desk.Alice, TimeSpan.FromHours(3));
        await Desk.SendAsync(new RenegotiatePromiseCommand(Desk.Alice.Id, renegotiated, moved.PromiseId, Desk.Now.AddHours(6), "Courier is late; customer agreed."));
        var resolved = await Desk.ClaimedCaseAsync(Desk.Alice);
        await Desk.SendAsync(new ReplyToCaseCommand(Desk.Alice.Id, resolved, "Refund sent."));
        await Desk.SendAsync(new ResolveCaseCommand(Desk.Alice.Id, resolved, "Refunded."));
        // Time passes: warnings, a breach with its escalation, a promise reminder are recorded.
        Desk.Clock.Advance(TimeSpan.FromMinutes(100));
        foreach (var id in new[] { unclaimed, breached, promised, offered, waiting, renegotiated })
        {
            await Desk.SendAsync(new ActOnDeadlinesCommand(id));
        }

        var stated = await Desk.WithDbAsync(db => db.Cases.AsNoTracking().WithParts().Where(c => c.Status != CaseStatus.Closed).ToListAsync());
        var read = new Dictionary<Guid, IReadOnlyList<Deadline>>();
        await Desk.WithDbAsync(async db =>
        {
            await foreach (var (caseId, version, deadlines) in DeadlineRearm.ReadPendingAsync(db))
            {
                read.Add(caseId, deadlines);
                Assert.That(version, Is.EqualTo(stated.Single(c => c.Id == caseId).Version));
            }
        });

        Assert.That(stated.Select(c => c.PendingDeadlines().Count), Has.Some.GreaterThan(3), "the cases cover several kinds of deadline");
        Assert.That((await Desk.StoredTimelineAsync(promised)).Select(t => t.Kind), Does.Contain(TimelineKind.PromiseAtRisk), $"promise {reminded.PromiseId} was reminded");
        foreach (var @case in stated)
        {
            var expected = @case.PendingDeadlines();
            Assert.That(read.GetValueOrDefault(@case.Id) ?? [], Is.EquivalentTo(expected), $"case {@case.Id} ({@case.Status})");
        }

        Assert.That(read.Keys, Does.Not.Contain(resolved), "a resolved case with nothing pending is not read");
    }
}
