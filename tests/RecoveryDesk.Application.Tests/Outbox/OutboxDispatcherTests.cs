using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Outbox;

/// <summary>Cases are pushed side by side, but each case's messages arrive in the order they were written.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class OutboxDispatcherTests(DatabaseProvider provider) : DeskFixture(provider)
{
    [Test]
    public async Task Dispatch_ManyCases_DeliversEveryMessageInEachCasesOrder()
    {
        var cases = await BusyCasesAsync(Desk, 12);
        var live = LiveDesk();

        var sent = await Dispatcher(Desk, live.Mock.Object).DispatchPendingAsync(CancellationToken.None);

        Assert.That(sent, Is.EqualTo(live.Received.Count + live.OtherPushes), "every message pushed once");
        foreach (var caseId in cases)
        {
            var versions = live.VersionsOf(caseId);
            Assert.That(versions, Is.Ordered.Ascending.And.Unique.And.Not.Empty, $"case {caseId}");
            Assert.That(versions[^1], Is.EqualTo(4), "opened, claimed, two notes");
        }
    }

    [Test]
    public async Task Dispatch_WhenOneCaseFails_DeliversTheOthersAndResumesThatCaseInOrder()
    {
        var cases = await BusyCasesAsync(Desk, 6);
        var failing = cases[2];
        var live = LiveDesk(failOnce: (failing, 3));
        var dispatcher = Dispatcher(Desk, live.Mock.Object);

        Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchPendingAsync(CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(live.VersionsOf(failing), Is.EqualTo(new[] { 1, 2 }), "stops at the failed message");
            foreach (var other in cases.Where(c => c != failing))
            {
                Assert.That(live.VersionsOf(other), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            }
        }

        var resent = await dispatcher.DispatchPendingAsync(CancellationToken.None);

        Assert.That(resent, Is.EqualTo(2), "only the failed case's remaining messages");
        Assert.That(live.VersionsOf(failing), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    /// <summary>Cases with four staff messages each (opened, claimed, two notes), written interleaved.</summary>
    private static async Task<List<Guid>> BusyCasesAsync(DeskHarness desk, int count)
    {
        var cases = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            cases.Add(await desk.ClaimedCaseAsync(desk.Alice));
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var caseId in cases)
            {
                await desk.SendAsync(new AddNoteCommand(desk.Alice.Id, caseId, $"Note {round}"));
            }
        }

        return cases;
    }

    private static OutboxDispatcher Dispatcher(DeskHarness desk, ILiveDesk live) => new(
        desk.Services.GetRequiredService<IServiceScopeFactory>(),
        live,
        new OutboxSignal(new NoPeers()),
        new OutboxLease(desk.Services.GetRequiredService<DatabaseOptions>(), new OutboxOptions(), desk.Clock),
        new OutboxOptions(),
        desk.Clock,
        NullLogger<OutboxDispatcher>.Instance);

    /// <summary>
    /// The browsers' side of the seam: remembers what reached the desk, and can fail one push once; each
    /// push yields first, so the other cases' pushes interleave with it.
    /// </summary>
    private static RecordedLive LiveDesk((Guid CaseId, int Version)? failOnce = null)
    {
        var received = new ConcurrentQueue<DeskMessage>();
        var failed = 0;
        var live = new Mock<ILiveDesk>();
        live.Setup(l => l.SendToDeskAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<DeskMessage>(), It.IsAny<CancellationToken>()))
            .Returns(async (IReadOnlyList<string> _, DeskMessage message, CancellationToken _) =>
            {
                await Task.Yield();
                if (failOnce == (message.CaseId, message.Version) && Interlocked.Exchange(ref failed, 1) == 0)
                {
                    throw new InvalidOperationException("The connection dropped.");
                }

                received.Enqueue(message);
            });
        live.Setup(l => l.SendToStatusPageAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<StatusMessage>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);
        live.Setup(l => l.RegroupAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        return new RecordedLive(live, received);
    }

    private sealed record RecordedLive(Mock<ILiveDesk> Mock, ConcurrentQueue<DeskMessage> Received)
    {
        public int OtherPushes => Mock.Invocations.Count(i => i.Method.Name != nameof(ILiveDesk.SendToDeskAsync));

        public List<int> VersionsOf(Guid caseId) => [.. Received.Where(m => m.CaseId == caseId).Select(m => m.Version)];
    }

    /// <summary>Several instances on one server database: one dispatcher at a time delivers, and another carries on when its lease ends.</summary>
    [TestFixture(DatabaseProvider.Postgres)]
    public sealed class Leased(DatabaseProvider provider) : DeskFixture(provider)
    {
        [Test]
        public async Task Dispatch_TwoDispatchersAtOnce_OnlyTheLeaseHolderDelivers_EachMessageOnceInOrder()
        {
            var cases = await BusyCasesAsync(Desk, 8);
            var first = LiveDesk();
            var second = LiveDesk();
            var one = Dispatcher(Desk, first.Mock.Object);
            var other = Dispatcher(Desk, second.Mock.Object);

            var sent = await Task.WhenAll(one.DispatchPendingAsync(CancellationToken.None), other.DispatchPendingAsync(CancellationToken.None));

            Assert.That(sent.Count(n => n > 0), Is.EqualTo(1), "one dispatcher delivered, the other found the lease taken");
            var holder = sent[0] > 0 ? first : second;
            Assert.That(sent.Sum(), Is.EqualTo(holder.Received.Count + holder.OtherPushes));
            foreach (var caseId in cases)
            {
                Assert.That(holder.VersionsOf(caseId), Is.EqualTo(new[] { 1, 2, 3, 4 }), $"case {caseId}");
            }
        }

        [Test]
        public async Task Dispatch_AfterTheHolderStopsRenewing_AnotherTakesOverOnceTheLeaseExpires()
        {
            var cases = await BusyCasesAsync(Desk, 2);
            // A dispatcher that took the lease and died before delivering anything.
            var dead = new OutboxLease(Desk.Services.GetRequiredService<DatabaseOptions>(), new OutboxOptions(), Desk.Clock);
            Assert.That(await Desk.WithDbAsync(db => dead.TryHoldAsync(db, CancellationToken.None)), Is.True);
            var live = LiveDesk();
            var survivor = Dispatcher(Desk, live.Mock.Object);

            Assert.That(await survivor.DispatchPendingAsync(CancellationToken.None), Is.Zero, "the lease is still the dead dispatcher's");

            Desk.Clock.Advance(new OutboxOptions().LeaseDuration + TimeSpan.FromSeconds(1));

            Assert.That(await survivor.DispatchPendingAsync(CancellationToken.None), Is.EqualTo(live.Received.Count + live.OtherPushes).And.Positive);
            Assert.That(cases.Select(live.VersionsOf), Is.All.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(await Desk.WithDbAsync(db => dead.TryHoldAsync(db, CancellationToken.None)), Is.False, "the survivor holds it now");
        }

        [Test]
        public async Task Dispatch_AfterTheHolderReleases_AnotherTakesOverAtOnce()
        {
            var cases = await BusyCasesAsync(Desk, 1);
            // A dispatcher that stopped cleanly before delivering.
            var stopped = new OutboxLease(Desk.Services.GetRequiredService<DatabaseOptions>(), new OutboxOptions(), Desk.Clock);
            Assert.That(await Desk.WithDbAsync(db => stopped.TryHoldAsync(db, CancellationToken.None)), Is.True);
            await Desk.WithDbAsync(async db =>
            {
                await stopped.ReleaseAsync(db, CancellationToken.None);
                return true;
            });
            var live = LiveDesk();

            Assert.That(await Dispatcher(Desk, live.Mock.Object).DispatchPendingAsync(CancellationToken.None), Is.EqualTo(live.Received.Count + live.OtherPushes).And.Positive);
            Assert.That(live.VersionsOf(cases[0]), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        }
    }
}
